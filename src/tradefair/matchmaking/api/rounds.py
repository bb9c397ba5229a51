"""The organisers' matchmaking through the API: the expo's rules, recommendations, and the
rounds (open, run, publish, report, meetings, files, upload, pin)."""

from typing import Annotated

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Body, Router
from ninja.pagination import paginate
from ninja.responses import Status

from tradefair.common.api_support import PageNumberPagination, TokenAuth, plain_json
from tradefair.common.numbers import PathId
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.matchmaking.api.schemas import (
    PinIn,
    RoundIn,
    RoundMeetingOut,
    RoundOut,
    SettingsIO,
)
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.access import (
    require_admin,
    require_organiser,
)
from tradefair.matchmaking.domain.listing import meetings_of_round
from tradefair.matchmaking.domain.profiles import matchmaking_settings
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.domain.report import report_data
from tradefair.matchmaking.models import Meeting, Round

router = Router(tags=["matchmaking"], auth=TokenAuth())


def _round(request, slug, pk, *, check=require_organiser) -> Round:
    """The expo's round, for any organiser (reading) or, with ``check=require_admin``,
    for its admins (running, publishing, changing the schedule)."""
    expo = get_visible_expo(slug, request.user)
    check(request.user, expo)
    found = Round.objects.filter(expo=expo, pk=pk).first()
    if found is None:
        raise Http404(_("No such round."))
    return found


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
    return {"meetings": round_actions.upload_schedule(round_, plain_json(body), by=request.user)}


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
