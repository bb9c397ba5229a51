"""Badges through the API: a participant's own badge (what it says, and its PDF), and
the organisers' badge desk: one participant's badge, a new badge for a lost one, and a
printed set (one PDF, or a ZIP of PDFs batch by batch, as the badges page gives it)."""

import datetime as dt

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from tradefair.common.api_support import TokenAuth
from tradefair.common.errors import Forbidden, NotFound
from tradefair.common.numbers import PathId
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import operates_expo
from tradefair.onsite.domain import badges as badge_actions
from tradefair.onsite.models import Badge, BadgeFormat
from tradefair.people.models import Participant, Role
from tradefair.people.permissions import participant_of

router = Router(tags=["badges"], auth=TokenAuth())

PDF = {"application/pdf": {"schema": {"type": "string", "format": "binary"}}}
ZIP = {"application/zip": {"schema": {"type": "string", "format": "binary"}}}


def binary(description: str, content: dict) -> dict:
    """``openapi_extra`` for an operation that answers a file rather than JSON."""
    return {"responses": {200: {"description": description, "content": content}}}


class BadgeOut(Schema):
    participant_id: int
    token: str = Field(description="the text of the badge's QR code, read at the gates")
    issued_at: dt.datetime
    name: str
    name_latin: str
    organisation: str
    country: str = Field(description="the country or region as printed, in the holder's language")
    role: str
    role_label: str
    colour: str = Field(description="the role's colour on the badge, #rrggbb")
    language: str


class BadgeFormatQuery(Schema):
    format: BadgeFormat = BadgeFormat.A6


class PrintQuery(Schema):
    format: BadgeFormat = BadgeFormat.A6
    role: Role | None = None
    country: str = Field("", max_length=2, description="two-letter code of the country or region")
    name: str = Field("", max_length=100, description="part of the name (in any script)")
    batch: int = Field(1000, ge=50, le=5000, description="badges per PDF; more make a ZIP of PDFs")


class ReissueIn(Schema):
    reason: str = Field("", max_length=200)


def _own_participant(request: HttpRequest, slug: str) -> Participant:
    """The caller's approved participation in the expo; a registration still waiting (or
    refused, or cancelled) is told that only approved participants get badges."""
    expo = get_visible_expo(slug, request.user)
    participant = participant_of(request.user, expo)
    if participant is not None:
        return participant
    if Participant.objects.filter(expo=expo, user=request.user).exists():
        raise Forbidden("not_approved", _("Only an approved participant gets a badge."))
    raise NotFound("not_registered", _("You are not registered for this expo."))


def _desk_expo(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not operates_expo(request.user, expo):
        raise NotFound("not_found", _("No such expo, or you do not organise it."))
    return expo


def _loaded(participant_id: int) -> Participant:
    return (
        Participant.objects.select_related("organisation", "expo")
        .prefetch_related("roles")
        .get(pk=participant_id)
    )


def _badge_out(participant: Participant, badge: Badge) -> BadgeOut:
    content = next(badge_actions.badge_contents(participant.expo, [participant], {participant.pk: badge}))
    return BadgeOut(
        participant_id=participant.pk,
        token=content.token,
        issued_at=badge.issued_at,
        name=participant.name,
        name_latin=participant.name_latin,
        organisation=content.organisation,
        country=content.country,
        role=content.role,
        role_label=content.role_label,
        colour=content.colour,
        language=content.language,
    )


def _badge_pdf(participant: Participant, badge: Badge, fmt: str) -> HttpResponse:
    contents = badge_actions.badge_contents(participant.expo, [participant], {participant.pk: badge})
    response = HttpResponse(badge_actions.render_badges(contents, fmt=fmt), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="badge-{participant.pk}-{fmt}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get("expos/{slug}/badge", response=BadgeOut, summary="My badge (issued on first asking)")
def my_badge(request: HttpRequest, slug: str):
    """The caller's valid badge, issued the first time it is asked for (they are told by
    e-mail, as from their registration page). Only approved participants get one."""
    participant = _own_participant(request, slug)
    badge = badge_actions.issue_badge(participant)
    return _badge_out(_loaded(participant.pk), badge)


@router.get(
    "expos/{slug}/badge.pdf",
    summary="My badge as PDF (A6 card or label)",
    openapi_extra=binary("The badge, one page", PDF),
)
def my_badge_pdf(request: HttpRequest, slug: str, query: Query[BadgeFormatQuery]):
    participant = _own_participant(request, slug)
    badge = badge_actions.issue_badge(participant)
    return _badge_pdf(_loaded(participant.pk), badge, query.format)


@router.get(
    "expos/{slug}/badges/print",
    summary="Print a set of badges (organisers: staff and admins)",
    description=(
        "The badges of the approved participants matching the filters, in print order "
        "(by name): one PDF when they fit in one batch, else a ZIP of PDFs of `batch` badges "
        "each, streamed while later batches are still being drawn. Audited."
    ),
    openapi_extra=binary("The badges: a PDF, or a ZIP of PDFs", {**PDF, **ZIP}),
)
def print_badges(request: HttpRequest, slug: str, query: Query[PrintQuery]):
    expo = _desk_expo(request, slug)
    printed = badge_actions.print_badges(
        expo,
        by=request.user,
        fmt=query.format,
        role=query.role or "",
        country=query.country.strip().upper(),
        name=query.name,
        batch=query.batch,
    )
    if printed.pdf is not None:
        response = HttpResponse(printed.pdf, content_type="application/pdf")
    else:
        response = StreamingHttpResponse(printed.zip_parts, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Badge-Count"] = str(printed.count)
    return response


def _desk_participant(request: HttpRequest, slug: str, participant_id: int) -> Participant:
    expo = _desk_expo(request, slug)
    participant = Participant.objects.filter(expo=expo, pk=participant_id).first()
    if participant is None:
        raise NotFound("not_found", _("No such registration at this expo."))
    return participant


@router.get(
    "expos/{slug}/badges/{participant_id}",
    response=BadgeOut,
    summary="A participant's badge (organisers: staff and admins)",
)
def participant_badge(request: HttpRequest, slug: str, participant_id: PathId):
    participant = _desk_participant(request, slug, participant_id)
    badge = badge_actions.issue_badge(participant, by=request.user)
    return _badge_out(_loaded(participant.pk), badge)


@router.get(
    "expos/{slug}/badges/{participant_id}/pdf",
    summary="A participant's badge as PDF, for the badge desk (organisers: staff and admins)",
    openapi_extra=binary("The badge, one page", PDF),
)
def participant_badge_pdf(
    request: HttpRequest, slug: str, participant_id: PathId, query: Query[BadgeFormatQuery]
):
    participant = _desk_participant(request, slug, participant_id)
    badge = badge_actions.issue_badge(participant, by=request.user)
    return _badge_pdf(_loaded(participant.pk), badge, query.format)


@router.post(
    "expos/{slug}/badges/{participant_id}/reissue",
    response=BadgeOut,
    summary="A new badge for a lost or misprinted one: the old one is refused at the gates",
)
def reissue_badge(request: HttpRequest, slug: str, participant_id: PathId, payload: ReissueIn | None = None):
    participant = _desk_participant(request, slug, participant_id)
    badge = badge_actions.reissue_badge(
        participant, by=request.user, reason=(payload or ReissueIn()).reason.strip()
    )
    return _badge_out(_loaded(participant.pk), badge)
