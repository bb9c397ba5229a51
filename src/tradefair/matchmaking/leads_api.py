"""An exhibitor's leads through the API: the meeting requests and meetings of the
organisation's people (matchmaking.domain.leads says who may read them)."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Path, Router, Schema
from ninja.pagination import paginate

from tradefair.common.api_support import PageNumberPagination, TokenAuth, localized
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.matchmaking.domain.leads import exhibitor_for_leads, meetings_of, requests_of

router = Router(tags=["matchmaking"], auth=TokenAuth())

ExhibitorId = Annotated[int, Path(ge=1, le=2**63 - 1)]


class LeadPersonOut(Schema):
    id: int
    name: str
    company: str
    country: str

    resolve_company = localized("organisation.name", languages="expo.languages")

    @staticmethod
    def resolve_country(participant) -> str:
        return participant.country.code


class LeadRequestOut(Schema):
    id: int
    sender: LeadPersonOut
    recipient: LeadPersonOut
    message: str
    status: str
    created_at: dt.datetime


class LeadMeetingOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    table: int | None = None
    room: int | None = None
    status: str
    requester: LeadPersonOut
    counterpart: LeadPersonOut

    @staticmethod
    def resolve_starts_at(meeting) -> dt.datetime:
        return meeting.slot.starts_at

    @staticmethod
    def resolve_ends_at(meeting) -> dt.datetime:
        return meeting.slot.ends_at


@router.get(
    "expos/{slug}/exhibitors/{exhibitor_id}/leads",
    response=list[LeadRequestOut],
    summary="Meeting requests to or from the exhibitor's people (its own people, organisers)",
)
@paginate(PageNumberPagination)
def lead_requests(request: HttpRequest, slug: str, exhibitor_id: ExhibitorId):
    expo = get_visible_expo(slug, request.user)
    return requests_of(exhibitor_for_leads(expo, exhibitor_id, request.user))


@router.get(
    "expos/{slug}/exhibitors/{exhibitor_id}/meetings",
    response=list[LeadMeetingOut],
    summary="Meetings of the exhibitor's people in published rounds (its own people, organisers)",
)
@paginate(PageNumberPagination)
def lead_meetings(request: HttpRequest, slug: str, exhibitor_id: ExhibitorId):
    expo = get_visible_expo(slug, request.user)
    return meetings_of(exhibitor_for_leads(expo, exhibitor_id, request.user))
