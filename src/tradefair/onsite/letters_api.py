"""Visa invitation letters through the API: a participant asks for one and downloads it
once issued; the organisers (staff and admins) list the requests, issue, turn down and
revoke letters; anyone holding a letter (an embassy) checks its code."""

import datetime as dt

from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tradefair.common.api_support import OptionalTokenAuth, PageNumberPagination, TokenAuth
from tradefair.common.errors import NotFound
from tradefair.common.i18n import expo_languages, localize
from tradefair.common.numbers import PathId
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import operates_expo
from tradefair.onsite.badges_api import PDF, _own_participant, binary
from tradefair.onsite.domain import letters as letter_actions
from tradefair.onsite.models import InvitationLetter, LetterStatus
from tradefair.people.models import RegistrationStatus

router = Router(tags=["letters"], auth=TokenAuth())


class LetterIn(Schema):
    passport_number: str = Field(..., min_length=1, max_length=40)
    nationality: str = Field(..., min_length=2, max_length=2, description="two-letter code")
    date_of_birth: dt.date | None = None
    stay_from: dt.date = Field(description="arrival")
    stay_until: dt.date = Field(description="departure")


class OwnLetterOut(Schema):
    id: int
    status: str = Field(description="pending, issued or rejected")
    valid: bool = Field(description="issued and not revoked: the letter to show at the embassy")
    nationality: str
    stay_from: dt.date
    stay_until: dt.date
    inviting_organisation: str
    language: str
    requested_at: dt.datetime
    issued_at: dt.datetime | None
    rejected_reason: str
    revoked_at: dt.datetime | None
    revoked_reason: str
    verification_url: str | None = Field(description="the address the letter's QR code leads to")

    @staticmethod
    def resolve_nationality(letter) -> str:
        return letter.nationality.code

    @staticmethod
    def resolve_valid(letter) -> bool:
        return letter.is_valid

    @staticmethod
    def resolve_issued_at(letter) -> dt.datetime | None:
        return letter.issued_at if letter.status == LetterStatus.ISSUED else None

    @staticmethod
    def resolve_verification_url(letter) -> str | None:
        return letter_actions.verification_url(letter) if letter.status == LetterStatus.ISSUED else None


class LetterOut(OwnLetterOut):
    """A letter as the organisers see it: with the holder and the passport number."""

    participant_id: int
    participant_name: str
    participant_name_latin: str
    passport_number: str
    date_of_birth: dt.date | None

    @staticmethod
    def resolve_participant_name(letter) -> str:
        return letter.participant.name

    @staticmethod
    def resolve_participant_name_latin(letter) -> str:
        return letter.participant.name_latin


class LetterFilters(Schema):
    status: LetterStatus | None = None


class LetterReasonIn(Schema):
    reason: str = Field(..., min_length=1, max_length=200)


class LetterCheckOut(Schema):
    """What the public check of a letter tells: whether it is genuine and valid, and for
    whom; nothing else that is personal."""

    valid: bool
    name: str
    name_latin: str
    expo: str
    issued_on: dt.date | None
    revoked: bool


def _own_letters(request: HttpRequest, slug: str):
    participant = _own_participant(request, slug)
    return participant, InvitationLetter.objects.filter(participant=participant).order_by(
        "-requested_at", "-id"
    )


@router.get("expos/{slug}/letter", response=OwnLetterOut, summary="My invitation letter or my latest request")
def my_letter(request: HttpRequest, slug: str):
    """The valid letter if there is one, else the latest request (waiting or turned down)."""
    _participant, letters = _own_letters(request, slug)
    letter = letters.filter(status=LetterStatus.ISSUED, revoked_at__isnull=True).first() or letters.first()
    if letter is None:
        raise NotFound("no_letter", _("You have not asked for an invitation letter."))
    return letter


@router.post(
    "expos/{slug}/letter",
    response={201: OwnLetterOut},
    summary="Ask for an invitation letter (approved participants)",
    description=(
        "The request waits for the organisers unless the expo issues letters at once; the "
        "applicant is told by e-mail when it is issued or turned down. A new request replaces "
        "one still waiting."
    ),
)
def request_letter(request: HttpRequest, slug: str, payload: LetterIn):
    participant = _own_participant(request, slug)
    letter = letter_actions.request_letter(
        participant,
        passport_number=payload.passport_number,
        nationality=payload.nationality,
        stay_from=payload.stay_from,
        stay_until=payload.stay_until,
        date_of_birth=payload.date_of_birth,
        by=request.user,
    )
    letter.refresh_from_db()
    return Status(201, letter)


def _letter_pdf(letter: InvitationLetter) -> HttpResponse:
    response = HttpResponse(letter_actions.render_letter(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="invitation-{letter.participant_id}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@router.get(
    "expos/{slug}/letter.pdf",
    summary="My invitation letter as PDF, once issued",
    openapi_extra=binary("The letter", PDF),
)
def my_letter_pdf(request: HttpRequest, slug: str):
    _participant, letters = _own_letters(request, slug)
    letter = letters.filter(status=LetterStatus.ISSUED, revoked_at__isnull=True).first()
    if letter is None:
        raise NotFound("no_letter", _("You have no valid invitation letter."))
    return _letter_pdf(letter)


# The organisers' side ---------------------------------------------------------------------


def _letters_expo(request: HttpRequest, slug: str):
    """Letters are paperwork on personal data (a passport number): staff and admins."""
    expo = get_visible_expo(slug, request.user)
    if not operates_expo(request.user, expo):
        raise NotFound("not_found", _("No such expo, or you do not organise it."))
    return expo


def _letter(request: HttpRequest, slug: str, letter_id: int) -> InvitationLetter:
    expo = _letters_expo(request, slug)
    letter = (
        InvitationLetter.objects.select_related("participant__expo")
        .filter(participant__expo=expo, pk=letter_id)
        .first()
    )
    if letter is None:
        raise NotFound("not_found", _("No such letter at this expo."))
    return letter


@router.get(
    "expos/{slug}/letters",
    response=list[LetterOut],
    summary="Letters and requests, those waiting first (organisers: staff and admins)",
)
@paginate(PageNumberPagination)
def list_letters(request: HttpRequest, slug: str, filters: Query[LetterFilters]):
    expo = _letters_expo(request, slug)
    letters = InvitationLetter.objects.filter(participant__expo=expo).select_related("participant")
    if filters.status:
        letters = letters.filter(status=filters.status)
    waiting_first = Case(When(status=LetterStatus.PENDING, then=0), default=1)
    return letters.order_by(waiting_first, "-requested_at", "-id")


def _fresh(letter: InvitationLetter) -> InvitationLetter:
    return InvitationLetter.objects.select_related("participant__expo").get(pk=letter.pk)


@router.post(
    "expos/{slug}/letters/{letter_id}/approve",
    response=LetterOut,
    summary="Issue the letter asked for; the applicant is told by e-mail",
)
def approve_letter(request: HttpRequest, slug: str, letter_id: PathId):
    letter = _letter(request, slug, letter_id)
    return _fresh(letter_actions.approve_letter(letter, by=request.user))


@router.post(
    "expos/{slug}/letters/{letter_id}/reject",
    response=LetterOut,
    summary="Turn a request down, saying why; the applicant is told by e-mail",
)
def reject_letter(request: HttpRequest, slug: str, letter_id: PathId, payload: LetterReasonIn):
    letter = _letter(request, slug, letter_id)
    return _fresh(letter_actions.reject_letter(letter, by=request.user, reason=payload.reason))


@router.post(
    "expos/{slug}/letters/{letter_id}/revoke",
    response=LetterOut,
    summary="Revoke an issued letter: its check says so from now on",
)
def revoke_letter(request: HttpRequest, slug: str, letter_id: PathId, payload: LetterReasonIn):
    letter = _letter(request, slug, letter_id)
    return _fresh(letter_actions.revoke_letter(letter, by=request.user, reason=payload.reason))


@router.get(
    "expos/{slug}/letters/{letter_id}/pdf",
    summary="A letter as PDF (organisers: staff and admins)",
    openapi_extra=binary("The letter", PDF),
)
def letter_pdf(request: HttpRequest, slug: str, letter_id: PathId):
    return _letter_pdf(_letter(request, slug, letter_id))


# The public check -------------------------------------------------------------------------


@router.get(
    "letters/verify/{token}",
    response=LetterCheckOut,
    auth=OptionalTokenAuth(),
    summary="Check an invitation letter's code (public: embassies)",
    description="The code is the last part of the address in the letter's QR code.",
)
def verify_letter(request: HttpRequest, token: str):
    letter = letter_actions.letter_from_token(token[:200])
    participant = letter.participant
    # A letter stops vouching for anyone whose registration was later withdrawn.
    valid = letter.is_valid and participant.status == RegistrationStatus.APPROVED
    return LetterCheckOut(
        valid=valid,
        name=participant.name,
        name_latin=participant.name_latin,
        expo=localize(participant.expo.name, expo_languages(participant.expo)),
        issued_on=letter.issued_at.astimezone(participant.expo.tz).date()
        if letter.status == LetterStatus.ISSUED
        else None,
        revoked=letter.revoked_at is not None,
    )
