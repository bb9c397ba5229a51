"""A participant's matchmaking through the API: recommendations, requests, the agenda and
its meetings, notifications and the matchmaking profile; each acts for themselves only."""

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router
from ninja.pagination import paginate
from ninja.responses import Status

from tradefair.common.api_support import PageNumberPagination, TokenAuth
from tradefair.common.numbers import OptionalQueryInt, PathId
from tradefair.common.rate_limits import check_rate
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.matchmaking.api.schemas import (
    AnswerIn,
    CancelIn,
    InterestIn,
    InterestOut,
    MarkIn,
    MeetingOut,
    NotificationOut,
    OutcomeIn,
    PreferencesIO,
    RecommendationOut,
    RequestIn,
    RequestOut,
)
from tradefair.matchmaking.domain import agenda as agenda_actions
from tradefair.matchmaking.domain import profile as profile_actions
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain.access import (
    counterpart_in,
    require_participant,
)
from tradefair.matchmaking.domain.listing import recommendations_for
from tradefair.matchmaking.models import Meeting, MeetingRequest, Notification

router = Router(tags=["matchmaking"], auth=TokenAuth())


def _me(request, slug):
    expo = get_visible_expo(slug, request.user)
    return expo, require_participant(request.user, expo)


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
        interpretation=body.interpretation,
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
