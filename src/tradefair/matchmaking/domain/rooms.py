"""Online meetings' video rooms: who may enter which room and when, and the seat the
media server gives them.

A room opens ``ROOM_OPENS_MINUTES_BEFORE`` minutes before its slot and closes when the
slot ends; in that window only the meeting's two parties and the expo's organisers (staff
and admins, to help) get a seat. A seat is short-lived (it expires with the slot) and
opens that meeting's room only."""

from __future__ import annotations

import dataclasses
import datetime as dt

import rules
from django.conf import settings
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common.formatting import format_clock, format_time_zone
from tradefair.common.i18n import localize
from tradefair.matchmaking import permissions  # noqa: F401 (registers the room rules)
from tradefair.matchmaking.domain.errors import MatchmakingError, MatchmakingForbidden
from tradefair.matchmaking.models import Meeting, MeetingStatus, RoomSeatKind, RoomVisit, RoundStatus
from tradefair.matchmaking.video import RoomSeat, VideoUnavailable, provider
from tradefair.people.permissions import participant_of


class RoomRefused(MatchmakingForbidden):
    """Not this person, or not now (403, with a message that says which)."""


class RoomUnavailable(MatchmakingError):
    status = 503


@dataclasses.dataclass
class RoomEntry:
    meeting: Meeting
    seat: str
    participant: object | None
    counterpart: object | None
    opens_at: dt.datetime
    starts_at: dt.datetime
    ends_at: dt.datetime
    interpretation: str


def opens_at(meeting: Meeting) -> dt.datetime:
    return meeting.slot.starts_at - dt.timedelta(minutes=settings.ROOM_OPENS_MINUTES_BEFORE)


def online_meeting(expo, meeting_id: int) -> Meeting:
    meeting = (
        Meeting.objects.select_related(
            "slot", "round__expo", "request", "requester__organisation", "counterpart__organisation"
        )
        .filter(pk=meeting_id, round__expo=expo, round__status=RoundStatus.PUBLISHED, room__isnull=False)
        .first()
    )
    if meeting is None:
        raise Http404(_("No such online meeting."))
    return meeting


def enter_room(user, expo, meeting_id: int, *, seat: str = "", now: dt.datetime | None = None) -> RoomEntry:
    """The caller's entry to the meeting's room, or a refusal that says why."""
    now = now or timezone.now()
    meeting = online_meeting(expo, meeting_id)
    if not rules.has_perm("matchmaking.enter_room", user, meeting):
        raise RoomRefused(
            "room_not_yours",
            _("This room is open only to the meeting's two participants and the organisers."),
        )
    if meeting.status == MeetingStatus.CANCELLED:
        raise RoomRefused("room_cancelled", _("This meeting was cancelled."))
    participant = participant_of(user, expo)
    party = participant is not None and meeting.involves(participant.pk)
    zone = expo.tz
    if now < opens_at(meeting):
        raise RoomRefused(
            "room_not_open_yet",
            _("The room opens ten minutes before the meeting, at %(time)s (%(zone)s).")
            % {
                "time": format_clock(opens_at(meeting), zone=zone),
                "zone": format_time_zone(expo.time_zone, at=meeting.slot.starts_at),
            },
        )
    if now >= meeting.slot.ends_at:
        raise RoomRefused("room_closed", _("This meeting's time is over: the room is closed."))
    interpretation = meeting.request.interpretation if meeting.request_id and meeting.request else ""
    if party:
        kind = RoomSeatKind.PARTY
    elif seat == RoomSeatKind.INTERPRETER and interpretation:
        kind = RoomSeatKind.INTERPRETER
    else:
        kind = RoomSeatKind.ORGANISER
    return RoomEntry(
        meeting=meeting,
        seat=kind,
        participant=participant if party else None,
        counterpart=meeting.other(participant.pk) if party else None,
        opens_at=opens_at(meeting),
        starts_at=meeting.slot.starts_at,
        ends_at=meeting.slot.ends_at,
        interpretation=interpretation,
    )


def display_name(entry: RoomEntry, user) -> str:
    if entry.participant is not None:
        person = entry.participant
        company = (
            localize(person.organisation.name, entry.meeting.round.expo.languages)
            if person.organisation
            else ""
        )
        return f"{person.name} ({company})" if company else person.name
    name = user.get_full_name() or user.get_username()
    if entry.seat == RoomSeatKind.INTERPRETER:
        return _("%(name)s, interpreter") % {"name": name}
    return _("%(name)s, organiser") % {"name": name}


def seat_for(entry: RoomEntry, user) -> RoomSeat:
    """A seat in the room from the configured media server, expiring with the slot."""
    try:
        return provider().seat(
            meeting_id=entry.meeting.pk,
            person_id=f"u{user.pk}",
            display=display_name(entry, user),
            kind=entry.seat,
            moderator=entry.seat != RoomSeatKind.PARTY,
            opens_at=entry.opens_at,
            expires_at=entry.ends_at,
        )
    except VideoUnavailable:
        raise RoomUnavailable(
            "room_unavailable", _("The video room cannot be opened right now. Try again in a minute.")
        ) from None


def rooms_in_use(expo, user, *, now: dt.datetime | None = None):
    """Online meetings whose room is open now, with who is in it (organisers only)."""
    if not rules.has_perm("matchmaking.see_rooms_in_use", user, expo):
        raise MatchmakingForbidden("not_an_organiser", _("Only the expo's organisers may do this."))
    now = now or timezone.now()
    window = dt.timedelta(minutes=settings.ROOM_OPENS_MINUTES_BEFORE)
    meetings = list(
        Meeting.objects.filter(
            round__expo=expo,
            round__status=RoundStatus.PUBLISHED,
            room__isnull=False,
            slot__starts_at__lte=now + window,
            slot__ends_at__gt=now,
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("slot", "round", "requester__organisation", "counterpart__organisation")
        .order_by("slot__starts_at", "room")
    )
    fresh = now - dt.timedelta(seconds=3 * settings.ROOM_HEARTBEAT_SECONDS)
    present: dict[int, set[int]] = {}
    for meeting_id, user_id in RoomVisit.objects.filter(
        meeting__in=meetings, left_at__isnull=True, last_seen_at__gte=fresh
    ).values_list("meeting_id", "user_id"):
        present.setdefault(meeting_id, set()).add(user_id)
    for meeting in meetings:
        users = present.get(meeting.pk, set())
        meeting.present = len(users)
        meeting.parties_present = [
            p for p in (meeting.requester, meeting.counterpart) if p.user_id and p.user_id in users
        ]
    return meetings
