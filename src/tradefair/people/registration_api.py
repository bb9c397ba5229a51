"""Public registration through the API, the same as the registration pages: the same
forms check what is sent, the same rate limit counts the attempts, the same domain
function registers the applicant (and a delegation's members) and e-mails the link that
confirms the address. The link's token then reads the registration and confirms it."""

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tradefair.common.api_support import OptionalTokenAuth, localized
from tradefair.common.errors import DomainError
from tradefair.common.rate_limits import check_rate
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.people.domain import registration
from tradefair.people.forms import ApplicantForm, MemberForm
from tradefair.people.models import Participant

router = Router(tags=["registration"], auth=OptionalTokenAuth())


class RegistrationOut(Schema):
    id: int
    name: str
    name_latin: str
    email: str
    country: str
    language: str
    status: str
    roles: list[str]
    organisation: str
    delegation_leader_id: int | None
    email_confirmed: bool
    review_note: str

    @staticmethod
    def resolve_country(participant) -> str:
        return participant.country.code

    @staticmethod
    def resolve_roles(participant) -> list[str]:
        return [item.role for item in participant.roles.all()]

    resolve_organisation = localized("organisation.name")

    @staticmethod
    def resolve_email_confirmed(participant) -> bool:
        return participant.email_confirmed_at is not None


class MemberIn(Schema):
    name: str = Field(..., max_length=200, description="in their own script")
    name_latin: str = Field("", max_length=200)
    email: str = Field("", max_length=254)
    country: str = Field(..., max_length=2)


class RegistrationIn(Schema):
    kind: str = Field(..., description="merchant, buyer, exhibitor, investor, project_owner or delegation")
    name: str = Field(..., max_length=200, description="in one's own script")
    name_latin: str = Field("", max_length=200, description="as in the passport")
    email: str = Field(..., max_length=254, description="the confirmation link is sent here")
    country: str = Field(..., max_length=2, description="two-letter code of the country or region")
    language: str = Field("en", max_length=10, description="the language of our messages")
    organisation_name: str = Field("", max_length=300)
    arrival: dt.date | None = None
    departure: dt.date | None = None
    members: list[MemberIn] = Field(
        [],
        max_length=settings.DELEGATION_MAX_MEMBERS,
        description="a delegation's members (delegations only)",
    )


class RegistrationReceivedOut(Schema):
    id: int
    status: str
    email: str
    members: int = Field(description="members registered with the applicant (a delegation)")
    detail: str


def _form_problems(form, prefix: str = "") -> list[str]:
    return [
        f"{prefix}{'request' if name == '__all__' else name}: {message}"
        for name, messages in form.errors.items()
        for message in messages
    ]


@router.post(
    "expos/{slug}/registrations",
    response={201: RegistrationReceivedOut},
    summary="Register for the expo (public; the address is confirmed by e-mail)",
    description=(
        "Checked as the registration form checks it; a delegation's leader registers its "
        "members too. The registration waits for the organisers' approval; the applicant "
        "gets an e-mail with the link that confirms the address. Limited per address."
    ),
)
def register(request: HttpRequest, slug: str, payload: RegistrationIn):
    expo = get_visible_expo(slug, request.user)
    check_rate(request, "registration")
    if payload.kind not in registration.APPLICATION_ROLES:
        raise DomainError(
            "unknown_kind",
            _("The kind of registration is one of: %(kinds)s.")
            % {"kinds": ", ".join(registration.APPLICATION_ROLES)},
        )
    form = ApplicantForm(payload.dict(exclude={"kind", "members"}))
    members = [MemberForm(member.dict()) for member in payload.members]
    problems = _form_problems(form)
    for number, member in enumerate(members, start=1):
        problems += _form_problems(member, prefix=f"members.{number}.")
    if problems:
        raise DomainError("invalid", "; ".join(problems))
    applicant = form.applicant()
    people = [
        member.applicant(
            language=applicant.language, arrival=applicant.arrival, departure=applicant.departure
        )
        for member in members
    ]
    user = request.user if request.user.is_authenticated else None
    leader = registration.register(
        expo=expo, kind=payload.kind, applicant=applicant, members=people, user=user
    )
    return Status(
        201,
        RegistrationReceivedOut(
            id=leader.pk,
            status=leader.status,
            email=leader.email,
            members=len(people),
            detail=_(
                "We sent a link to %(email)s. Open it to confirm your registration; the "
                "organisers review it after that."
            )
            % {"email": leader.email},
        ),
    )


def _by_token(token: str) -> Participant:
    participant = registration.participant_from_token(token[:500])
    return Participant.objects.select_related("organisation").prefetch_related("roles").get(pk=participant.pk)


@router.get(
    "registrations/{token}",
    response=RegistrationOut,
    summary="A registration, by the token of the link in its e-mails",
)
def get_registration(request: HttpRequest, token: str):
    return _by_token(token)


@router.post(
    "registrations/{token}/confirm",
    response=RegistrationOut,
    summary="Confirm the e-mail address, with the token of the confirmation link",
)
def confirm_registration(request: HttpRequest, token: str):
    """As following the link: the address works; confirming twice is harmless. A
    leader's confirmation vouches for the delegation's members."""
    participant = registration.confirm_email(token[:500])
    return _by_token(registration.registration_token(participant))
