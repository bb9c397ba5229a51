"""Matchmaking API under /api/v1/: the same domain functions as the pages.

A participant reads and acts for themselves only (recommendations, requests, agenda,
notifications); organisers run rounds. Counterparts' contact details appear only in
the agenda, for confirmed meetings."""

import datetime as dt
from typing import Annotated

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Body, Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from tradefair.common.api_support import PageNumberPagination, TokenAuth, localized
from tradefair.common.numbers import Count, OptionalQueryInt, PathId, RowId, SmallCount
from tradefair.common.rate_limits import check_rate
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.matchmaking.domain import agenda as agenda_actions
from tradefair.matchmaking.domain import profile as profile_actions
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.access import (
    counterpart_in,
    require_admin,
    require_organiser,
    require_participant,
)
from tradefair.matchmaking.domain.listing import meetings_of_round, recommendations_for
from tradefair.matchmaking.domain.notifications import render_notification
from tradefair.matchmaking.domain.profiles import matchmaking_settings
from tradefair.matchmaking.domain.reasons import render_reasons
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.domain.report import report_data
from tradefair.matchmaking.leads_api import router as leads_router
from tradefair.matchmaking.models import Meeting, MeetingRequest, Notification, Round

router = Router(tags=["matchmaking"], auth=TokenAuth())


class PersonOut(Schema):
    id: int
    name: str
    company: str
    country: str
    languages: list[str]

    resolve_company = localized("organisation.name", languages="expo.languages")

    @staticmethod
    def resolve_country(participant) -> str:
        return participant.country.code


class RecommendationOut(Schema):
    rank: int
    score: float
    counterpart: PersonOut
    reasons: list[str]
    bookmarked: bool = False

    @staticmethod
    def resolve_reasons(rec) -> list[str]:
        return render_reasons(rec.reasons)


class MarkIn(Schema):
    target: RowId
    kind: str | None = Field(None, description='"bookmark", "not_interested", or null to clear')


class RequestIn(Schema):
    recipient: RowId
    message: str = ""
    preferred_start: dt.datetime | None = None


class AnswerIn(Schema):
    reply: str = ""
    start: dt.datetime | None = Field(None, description="for propose: the time proposed instead")


class RequestOut(Schema):
    id: int
    sender: PersonOut
    recipient: PersonOut
    message: str
    status: str
    preferred_start: dt.datetime | None
    proposed_start: dt.datetime | None
    reply: str
    created_at: dt.datetime
    expires_at: dt.datetime


class ContactOut(Schema):
    name: str
    email: str


class MeetingOut(Schema):
    id: int
    round: int = Field(..., alias="round_id")
    starts_at: dt.datetime
    ends_at: dt.datetime
    table: int | None = Field(None, description="the table in the hall; null for an online meeting")
    room: int | None = Field(None, description="the video room of an online meeting; null at a table")
    status: str
    follow_up_planned: bool
    counterpart: PersonOut
    contact: ContactOut | None = Field(None, description="only while the meeting is confirmed or held")


class OutcomeIn(Schema):
    outcome: str = Field(..., description='"held", "no_show" or "follow_up"')
    note: str = ""


class CancelIn(Schema):
    reason: str = ""


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    link: str
    created_at: dt.datetime
    read: bool

    @staticmethod
    def resolve_text(notice) -> str:
        return render_notification(notice.kind, notice.params)

    @staticmethod
    def resolve_read(notice) -> bool:
        return notice.read_at is not None


class RoundIn(Schema):
    name: str
    days: list[dt.date]
    day_starts: dt.time = dt.time(9, 0)
    day_ends: dt.time = dt.time(17, 0)
    slot_minutes: SmallCount = 20
    breaks: list[tuple[dt.time, dt.time]] = []
    tables: Count | None = None
    online_rooms: SmallCount = Field(0, ge=0, description="online meetings that can run in one slot")
    roles: list[str] = []
    max_meetings: SmallCount = 8
    min_meetings: SmallCount = 0
    time_limit: Count = 60
    follow_ups: bool = False


class RoundOut(Schema):
    id: int
    name: str
    status: str
    days: list[str]
    slot_minutes: int
    tables: int | None
    online_rooms: int
    roles: list[str]
    max_meetings: int
    follow_ups: bool
    slots: int
    progress: list
    error: str

    @staticmethod
    def resolve_slots(round_) -> int:
        return round_.slots.count()


class RoundMeetingOut(Schema):
    id: int
    starts_at: dt.datetime
    table: int | None = None
    room: int | None = None
    a: int = Field(..., alias="requester_id")
    b: int = Field(..., alias="counterpart_id")
    status: str
    pinned: bool
    weight: float


class PinIn(Schema):
    pinned: bool = True


class SettingsIO(Schema):
    request_expiry_hours: Count
    max_pending_requests: Count
    exhibitors_meet_exhibitors: bool
    cross_border_bonus: float
    interpreter_languages: list[str]
    sponsor_factor: float


def _me(request, slug):
    expo = get_visible_expo(slug, request.user)
    return expo, require_participant(request.user, expo)


def _round(request, slug, pk, *, check=require_organiser) -> Round:
    """The expo's round, for any organiser (reading) or, with ``check=require_admin``,
    for its admins (running, publishing, changing the schedule)."""
    expo = get_visible_expo(slug, request.user)
    check(request.user, expo)
    found = Round.objects.filter(expo=expo, pk=pk).first()
    if found is None:
        raise Http404(_("No such round."))
    return found


def _meeting_out(meeting: Meeting, viewer) -> dict:
    return {
        "id": meeting.pk,
        "round_id": meeting.round_id,
        "starts_at": meeting.slot.starts_at,
        "ends_at": meeting.slot.ends_at,
        "table": meeting.table,
        "room": meeting.room,
        "status": meeting.status,
        "follow_up_planned": meeting.follow_up_planned,
        "counterpart": meeting.other(viewer.pk),
        "contact": agenda_actions.contact_of(meeting, viewer=viewer),
    }


# Participants


@router.get(
    "expos/{slug}/matchmaking/recommendations",
    response=list[RecommendationOut],
    summary="My recommended counterparts, best first, with reasons",
)
@paginate(PageNumberPagination)
def list_recommendations(
    request: HttpRequest, slug: str, country: str = "", pavilion: OptionalQueryInt = None, sector: str = ""
):
    _expo, me = _me(request, slug)
    return recommendations_for(me, country=country, pavilion=pavilion, sector=sector).select_related(
        "counterpart__expo"
    )


@router.post(
    "expos/{slug}/matchmaking/marks", response={204: None}, summary="Bookmark, not interested, or clear"
)
def post_mark(request: HttpRequest, slug: str, body: MarkIn):
    expo, me = _me(request, slug)
    profile_actions.set_mark(me, target=counterpart_in(expo, body.target), kind=body.kind)
    return Status(204, None)


@router.get(
    "expos/{slug}/matchmaking/requests", response=list[RequestOut], summary="Requests I sent or received"
)
@paginate(PageNumberPagination)
def list_requests(request: HttpRequest, slug: str, status: str = ""):
    _expo, me = _me(request, slug)
    found = request_actions.requests_of(me).select_related("sender__expo", "recipient__expo")
    return found.filter(status=status) if status else found


@router.post("expos/{slug}/matchmaking/requests", response={201: RequestOut}, summary="Ask for a meeting")
def post_request(request: HttpRequest, slug: str, body: RequestIn):
    expo, me = _me(request, slug)
    check_rate(request, "meeting_request")
    created = request_actions.send_request(
        me,
        recipient=counterpart_in(expo, body.recipient),
        message=body.message,
        preferred_start=body.preferred_start,
    )
    return Status(201, created)


ANSWERS = {"accept", "decline", "propose", "withdraw"}


@router.post(
    "expos/{slug}/matchmaking/requests/{pk}/{action}",
    response=RequestOut,
    summary="Accept, decline, propose another time, or withdraw",
)
def answer_request(request: HttpRequest, slug: str, pk: PathId, action: str, body: AnswerIn | None = None):
    expo, me = _me(request, slug)
    body = body or AnswerIn()
    found = MeetingRequest.objects.filter(Q(sender=me) | Q(recipient=me), expo=expo, pk=pk).first()
    if found is None or action not in ANSWERS:
        raise Http404(_("No such request."))
    if action == "accept":
        request_actions.accept_request(found, by=me)
    elif action == "decline":
        request_actions.decline_request(found, by=me, reply=body.reply)
    elif action == "propose":
        request_actions.propose_time(found, by=me, start=body.start, reply=body.reply)
    else:
        request_actions.withdraw_request(found, by=me)
    return MeetingRequest.objects.select_related("sender__expo", "recipient__expo").get(pk=found.pk)


@router.get(
    "expos/{slug}/matchmaking/agenda", response=list[MeetingOut], summary="My meetings, in time order"
)
@paginate(PageNumberPagination)
def my_agenda(request: HttpRequest, slug: str):
    _expo, me = _me(request, slug)
    return [
        _meeting_out(m, me)
        for m in agenda_actions.agenda_of(me).select_related("requester__expo", "counterpart__expo")
    ]


@router.get("expos/{slug}/matchmaking/agenda.ics", summary="My meetings as iCalendar")
def my_agenda_ical(request: HttpRequest, slug: str):
    _expo, me = _me(request, slug)
    return HttpResponse(agenda_actions.ical_feed(me), content_type="text/calendar; charset=utf-8")


@router.post("expos/{slug}/matchmaking/meetings/{pk}/cancel", response=MeetingOut, summary="Cancel a meeting")
def cancel(request: HttpRequest, slug: str, pk: PathId, body: CancelIn | None = None):
    _expo, me = _me(request, slug)
    meeting = agenda_actions.cancel_meeting(
        agenda_actions.meeting_of(me, pk), by=me, reason=(body or CancelIn()).reason
    )
    return _meeting_out(agenda_actions.agenda_of(me).get(pk=meeting.pk), me)


@router.post(
    "expos/{slug}/matchmaking/meetings/{pk}/outcome", response=MeetingOut, summary="Held, no-show, follow-up"
)
def outcome(request: HttpRequest, slug: str, pk: PathId, body: OutcomeIn):
    _expo, me = _me(request, slug)
    agenda_actions.record_outcome(
        agenda_actions.meeting_of(me, pk), by=me, outcome=body.outcome, note=body.note
    )
    return _meeting_out(agenda_actions.agenda_of(me).get(pk=pk), me)


@router.get(
    "expos/{slug}/matchmaking/notifications", response=list[NotificationOut], summary="My notifications"
)
@paginate(PageNumberPagination)
def my_notifications(request: HttpRequest, slug: str):
    _expo, me = _me(request, slug)
    return Notification.objects.filter(participant=me)


class InterestIn(Schema):
    kind: str = Field(..., description='"offer" or "need"')
    hs_code: str = ""
    isic_section: str = ""
    text: str = ""


class InterestOut(Schema):
    id: int
    kind: str
    hs_code: str
    isic_section: str
    text: str


class PreferencesIO(Schema):
    excluded_countries: list[str] = []
    excluded_sectors: list[str] = []


@router.get("expos/{slug}/matchmaking/profile", response=list[InterestOut], summary="My offers and needs")
def my_interests(request: HttpRequest, slug: str):
    _expo, me = _me(request, slug)
    return [
        {"id": x.pk, "kind": kind, "hs_code": x.hs_code, "isic_section": x.isic_section, "text": x.text}
        for kind, items in (("offer", me.offers.all()), ("need", me.needs.all()))
        for x in items
    ]


@router.post(
    "expos/{slug}/matchmaking/profile",
    response={201: InterestOut},
    summary="Add an offer or a need (my recommendations and my counterparts' are refreshed)",
)
def add_interest(request: HttpRequest, slug: str, body: InterestIn):
    _expo, me = _me(request, slug)
    x = profile_actions.add_interest(
        me, kind=body.kind, hs_code=body.hs_code, isic_section=body.isic_section, text=body.text
    )
    return Status(
        201,
        {"id": x.pk, "kind": body.kind, "hs_code": x.hs_code, "isic_section": x.isic_section, "text": x.text},
    )


@router.delete(
    "expos/{slug}/matchmaking/profile/{kind}/{pk}", response={204: None}, summary="Remove an offer or a need"
)
def remove_interest(request: HttpRequest, slug: str, kind: str, pk: PathId):
    _expo, me = _me(request, slug)
    profile_actions.remove_interest(me, kind=kind, interest_id=pk)
    return Status(204, None)


@router.put(
    "expos/{slug}/matchmaking/preferences",
    response=PreferencesIO,
    summary="Countries and sectors I do not meet",
)
def put_preferences(request: HttpRequest, slug: str, body: PreferencesIO):
    _expo, me = _me(request, slug)
    found = profile_actions.set_preferences(
        me, excluded_countries=body.excluded_countries, excluded_sectors=body.excluded_sectors
    )
    return {"excluded_countries": found.excluded_countries, "excluded_sectors": found.excluded_sectors}


# Organisers


@router.get("expos/{slug}/matchmaking/settings", response=SettingsIO, summary="The expo's matchmaking rules")
def get_settings(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    require_organiser(request.user, expo)
    return matchmaking_settings(expo)


@router.put("expos/{slug}/matchmaking/settings", response=SettingsIO, summary="Change the matchmaking rules")
def put_settings(request: HttpRequest, slug: str, body: SettingsIO):
    from django.core.exceptions import ValidationError

    from tradefair.common.audit import log_action
    from tradefair.common.errors import DomainError

    expo = get_visible_expo(slug, request.user)
    require_admin(request.user, expo)
    found = matchmaking_settings(expo)
    for name, value in body.dict().items():
        setattr(found, name, value)
    try:
        found.full_clean(exclude=["expo"])
    except ValidationError as error:
        raise DomainError("settings_invalid", " ".join(error.messages)) from error
    found.save()
    log_action(found, "matchmaking.settings", actor=request.user, data=body.dict())
    return found


@router.post(
    "expos/{slug}/matchmaking/recommendations/compute",
    response={200: dict},
    summary="Recompute every participant's recommendations",
)
def recompute(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    require_admin(request.user, expo)
    return {"written": compute_recommendations(expo)}


@router.get("expos/{slug}/matchmaking/rounds", response=list[RoundOut], summary="Rounds of the expo")
@paginate(PageNumberPagination)
def list_rounds(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    require_organiser(request.user, expo)
    return Round.objects.filter(expo=expo).order_by("-id")


@router.post("expos/{slug}/matchmaking/rounds", response={201: RoundOut}, summary="Open a round")
def post_round(request: HttpRequest, slug: str, body: RoundIn):
    expo = get_visible_expo(slug, request.user)
    require_admin(request.user, expo)
    data = body.dict()
    return Status(201, round_actions.create_round(expo, by=request.user, **data))


@router.get("expos/{slug}/matchmaking/rounds/{pk}", response=RoundOut, summary="A round with its progress")
def get_round(request: HttpRequest, slug: str, pk: PathId):
    return _round(request, slug, pk)


@router.post(
    "expos/{slug}/matchmaking/rounds/{pk}/run", response=RoundOut, summary="Schedule the round (background)"
)
def run(request: HttpRequest, slug: str, pk: PathId):
    return round_actions.schedule_round(_round(request, slug, pk), by=request.user)


@router.post("expos/{slug}/matchmaking/rounds/{pk}/publish", response=RoundOut, summary="Publish the agendas")
def publish(request: HttpRequest, slug: str, pk: PathId):
    round_ = _round(request, slug, pk, check=require_admin)
    round_actions.publish_round(round_, by=request.user)
    return Round.objects.get(pk=round_.pk)


@router.get(
    "expos/{slug}/matchmaking/rounds/{pk}/report",
    response=dict,
    summary="Engine against first come, first served",
)
def report(request: HttpRequest, slug: str, pk: PathId):
    return report_data(_round(request, slug, pk))


@router.get(
    "expos/{slug}/matchmaking/rounds/{pk}/meetings",
    response=list[RoundMeetingOut],
    summary="Meetings of a round",
)
@paginate(PageNumberPagination)
def round_meetings(request: HttpRequest, slug: str, pk: PathId, q: str = ""):
    return [
        dict(
            id=m.pk,
            starts_at=m.slot.starts_at,
            table=m.table,
            room=m.room,
            requester_id=m.requester_id,
            counterpart_id=m.counterpart_id,
            status=m.status,
            pinned=m.pinned,
            weight=m.weight,
        )
        for m in meetings_of_round(_round(request, slug, pk), query=q)
    ]


@router.get(
    "expos/{slug}/matchmaking/rounds/{pk}/instance",
    response=dict,
    summary="The instance file (spec/matchmaking.md)",
)
def instance_file(request: HttpRequest, slug: str, pk: PathId):
    round_ = _round(request, slug, pk)
    if round_.instance_gz:
        return round_actions.decompress(round_.instance_gz)
    return round_actions.build_instance(round_).data


@router.get(
    "expos/{slug}/matchmaking/rounds/{pk}/schedule", response=dict, summary="The stored schedule file"
)
def schedule_file(request: HttpRequest, slug: str, pk: PathId):
    round_ = _round(request, slug, pk)
    if not round_.schedule_gz:
        raise Http404(_("This round has no schedule yet."))
    return round_actions.decompress(round_.schedule_gz)


@router.put(
    "expos/{slug}/matchmaking/rounds/{pk}/schedule", response=dict, summary="Upload a schedule (validated)"
)
def upload(request: HttpRequest, slug: str, pk: PathId, body: Annotated[dict, Body(...)]):
    round_ = _round(request, slug, pk, check=require_admin)
    return {"meetings": round_actions.upload_schedule(round_, body, by=request.user)}


@router.post(
    "expos/{slug}/matchmaking/meetings/{pk}/pin", response=RoundMeetingOut, summary="Pin or unpin a meeting"
)
def pin(request: HttpRequest, slug: str, pk: PathId, body: PinIn):
    expo = get_visible_expo(slug, request.user)
    require_admin(request.user, expo)
    meeting = Meeting.objects.select_related("slot").filter(round__expo=expo, pk=pk).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    m = round_actions.pin_meeting(meeting, pinned=body.pinned, by=request.user)
    return dict(
        id=m.pk,
        starts_at=meeting.slot.starts_at,
        table=m.table,
        room=m.room,
        requester_id=m.requester_id,
        counterpart_id=m.counterpart_id,
        status=m.status,
        pinned=m.pinned,
        weight=m.weight,
    )


# An exhibitor's leads (matchmaking.leads_api).
router.add_router("", leads_router)
