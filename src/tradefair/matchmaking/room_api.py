"""Online meetings' video rooms through the API: a seat in a room (for an app of the
platform's own), the room page's presence messages, and the rooms in use now. The same
domain functions as the pages (matchmaking.domain.rooms, .attendance)."""

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tradefair.common.api_support import PageNumberPagination, TokenAuth
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.matchmaking.domain import attendance, rooms

router = Router(tags=["matchmaking"], auth=TokenAuth())

MeetingId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class RoomSeatOut(Schema):
    provider: str
    room: str
    seat: str
    display: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    expires_at: dt.datetime
    interpretation: str
    client: dict


class RoomPresenceIn(Schema):
    event: Literal["join", "here", "leave"]


class RoomPresenceOut(Schema):
    recorded: bool
    joined_at: dt.datetime | None = None


class RoomInUseOut(Schema):
    meeting_id: int
    room: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    requester: str
    counterpart: str
    present: int

    @staticmethod
    def resolve_meeting_id(meeting) -> int:
        return meeting.pk

    @staticmethod
    def resolve_starts_at(meeting) -> dt.datetime:
        return meeting.slot.starts_at

    @staticmethod
    def resolve_ends_at(meeting) -> dt.datetime:
        return meeting.slot.ends_at

    @staticmethod
    def resolve_requester(meeting) -> str:
        return meeting.requester.name

    @staticmethod
    def resolve_counterpart(meeting) -> str:
        return meeting.counterpart.name


@router.post(
    "expos/{slug}/meetings/{meeting_id}/room/seat",
    response=RoomSeatOut,
    summary="A seat in an online meeting's video room (its two parties and organisers, from ten minutes before the slot until its end)",
)
def room_seat(request: HttpRequest, slug: str, meeting_id: MeetingId):
    expo = get_visible_expo(slug, request.user)
    entry = rooms.enter_room(request.user, expo, meeting_id)
    seat = rooms.seat_for(entry, request.user)
    return {
        "provider": seat.provider,
        "room": seat.room,
        "seat": entry.seat,
        "display": seat.display,
        "starts_at": entry.starts_at,
        "ends_at": entry.ends_at,
        "expires_at": seat.expires_at,
        "interpretation": entry.interpretation,
        "client": seat.client,
    }


@router.post(
    "expos/{slug}/meetings/{meeting_id}/room/presence",
    response=RoomPresenceOut,
    url_name="room_presence",
    summary="The room page says the caller joined, is still in, or left the meeting's video room (attendance)",
)
def room_presence(request: HttpRequest, slug: str, meeting_id: MeetingId, body: RoomPresenceIn):
    expo = get_visible_expo(slug, request.user)
    entry = rooms.enter_room(request.user, expo, meeting_id)
    visit = attendance.record_presence(entry, request.user, event=body.event)
    return {"recorded": visit is not None, "joined_at": visit.joined_at if visit else None}


@router.get(
    "expos/{slug}/rooms/in-use",
    response=list[RoomInUseOut],
    summary="Online meetings whose video room is open now, with how many people are in each (organisers)",
)
@paginate(PageNumberPagination)
def rooms_in_use(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    return rooms.rooms_in_use(expo, request.user)
