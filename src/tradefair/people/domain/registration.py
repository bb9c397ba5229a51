"""Registration: a person applies for one role, confirms the e-mail address, and the
organisers approve, reject or ask for changes. Every step the organisers take is
audited and the applicant is told in their own language."""

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common import event_payloads, events
from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError, NotFound
from tradefair.expos.models import ExpoStatus
from tradefair.people.domain import accounts
from tradefair.people.domain.mail import send_to_participant
from tradefair.people.models import Organisation, Participant, ParticipantRole, RegistrationStatus, Role

REGISTRATION_SALT = "tradefair.people.registration"
CONFIRMATION_MAX_AGE = dt.timedelta(days=14)

# The public forms: the role a form registers and the roles the applicant gets.
APPLICATION_ROLES = {
    "merchant": [Role.MERCHANT],
    "buyer": [Role.BUYER],
    "exhibitor": [Role.EXHIBITOR],
    "investor": [Role.INVESTOR],
    "project_owner": [Role.PROJECT_OWNER],
    "delegation": [Role.DELEGATION_MEMBER],
}


class RegistrationError(DomainError):
    pass


@dataclass
class Applicant:
    """What a form collects about one person."""

    name: str
    country: str
    email: str = ""
    name_latin: str = ""
    language: str = "en"
    arrival: dt.date | None = None
    departure: dt.date | None = None
    organisation_name: str = ""
    languages: list[str] = field(default_factory=list)


def registration_token(participant: Participant) -> str:
    """The applicant's key to their registration: signed, so nobody can guess another's."""
    return signing.dumps(participant.pk, salt=REGISTRATION_SALT)


def participant_from_token(token: str, *, max_age: dt.timedelta | None = None) -> Participant:
    try:
        pk = signing.loads(token, salt=REGISTRATION_SALT, max_age=max_age)
    except signing.SignatureExpired as error:
        raise RegistrationError("link_expired", _("This link has expired.")) from error
    except signing.BadSignature as error:
        raise NotFound("bad_link", _("This link is not valid.")) from error
    # An erased person's links open nothing: the row that stays is not theirs any more.
    participant = (
        Participant.objects.select_related("expo", "organisation")
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )
    if participant is None:
        raise NotFound("bad_link", _("This link is not valid."))
    return participant


def registration_url(participant: Participant) -> str:
    return reverse("people:registration", args=[registration_token(participant)])


def register(
    *, expo, kind: str, applicant: Applicant, members: list[Applicant] = (), user=None
) -> Participant:
    """Create a pending registration and send the confirmation e-mail. For a delegation
    the applicant is the leader and ``members`` are registered with them."""
    if kind not in APPLICATION_ROLES:
        raise RegistrationError("unknown_kind", _("Unknown kind of registration."))
    if expo.status not in (ExpoStatus.REGISTRATION_OPEN, ExpoStatus.RUNNING):
        raise RegistrationError("registration_closed", _("Registration for this expo is closed."))
    if not applicant.email:
        raise RegistrationError("email_required", _("Give an e-mail address so we can confirm it."))
    if kind != "delegation" and members:
        raise RegistrationError("members_only_for_delegations", _("Only a delegation registers members."))
    if kind == "delegation" and not members:
        raise RegistrationError("delegation_without_members", _("A delegation has at least one member."))
    active = Participant.objects.filter(expo=expo).exclude(
        status__in=[RegistrationStatus.REJECTED, RegistrationStatus.CANCELLED]
    )
    if active.filter(email__iexact=applicant.email).exists() or (
        user is not None and Participant.objects.filter(expo=expo, user=user).exists()
    ):
        raise RegistrationError(
            "already_registered",
            _("This address is already registered for this expo: follow the link in our e-mail to see it."),
        )
    with transaction.atomic():
        account = user if user is not None else _account_of_applicant(expo, applicant)
        leader = _create(expo, applicant, APPLICATION_ROLES[kind], user=account)
        for member in members:
            _create(expo, member, [Role.DELEGATION_MEMBER], leader=leader)
        log_action(leader, "registration.submitted", actor=user, data={"kind": kind, "members": len(members)})
    send_to_participant(
        leader,
        template="people/email/confirm",
        context={
            "url": reverse("people:confirm", args=[registration_token(leader)]),
            "members": members,
            "username": account.get_username() if account is not None else "",
        },
    )
    return leader


def _account_of_applicant(expo, applicant: Applicant):
    """The account the applicant will sign in with: the one their address has, or a new
    one. An earlier rejected or cancelled registration of the same account gives the
    account up, so that the new one is the account's participation in the expo."""
    account = accounts.account_for(email=applicant.email, name=applicant.name, language=applicant.language)
    Participant.objects.filter(expo=expo, user=account).filter(
        status__in=[RegistrationStatus.REJECTED, RegistrationStatus.CANCELLED]
    ).update(user=None)
    if Participant.objects.filter(expo=expo, user=account).exists():
        raise RegistrationError(
            "already_registered",
            _("This address is already registered for this expo: follow the link in our e-mail to see it."),
        )
    return account


def _create(expo, applicant: Applicant, roles, *, user=None, leader=None) -> Participant:
    organisation = None
    if applicant.organisation_name:
        organisation = Organisation.objects.create(
            legal_name=applicant.organisation_name,
            name={"en": applicant.organisation_name},
            country=applicant.country,
        )
    if applicant.arrival and applicant.departure and applicant.departure < applicant.arrival:
        raise RegistrationError("departure_before_arrival", _("The departure is before the arrival."))
    participant = Participant.objects.create(
        expo=expo,
        user=user,
        organisation=organisation,
        name=applicant.name,
        name_latin=applicant.name_latin,
        email=applicant.email,
        country=applicant.country,
        language=applicant.language,
        languages=applicant.languages or [applicant.language],
        arrival=applicant.arrival,
        departure=applicant.departure,
        status=RegistrationStatus.PENDING,
        delegation_leader=leader,
    )
    ParticipantRole.objects.bulk_create(
        [ParticipantRole(participant=participant, role=role) for role in roles]
    )
    return participant


def confirm_email(token: str) -> Participant:
    """The applicant clicked the link: the address works. Confirming twice is harmless.
    A leader's confirmation vouches for the members registered with them."""
    participant = participant_from_token(token, max_age=CONFIRMATION_MAX_AGE)
    with transaction.atomic():
        if participant.email_confirmed_at is None:
            now = timezone.now()
            Participant.objects.filter(pk=participant.pk).update(email_confirmed_at=now)
            participant.delegation_members.filter(email_confirmed_at__isnull=True).update(
                email_confirmed_at=now
            )
            participant.email_confirmed_at = now
            log_action(participant, "registration.email_confirmed")
    return participant


@dataclass
class QueueFilters:
    """What an organiser narrows the queue to; empty values do not filter."""

    role: str = ""
    country: str = ""
    organisation: str = ""
    delegation: str = ""  # "leaders", "members", "individuals" or ""
    registered_from: dt.date | None = None
    registered_until: dt.date | None = None


def review_queue(expo, filters: QueueFilters | None = None):
    """Registrations waiting for an organiser, oldest first; unconfirmed addresses wait
    for their applicant, not for the organisers."""
    queue = Participant.objects.filter(
        expo=expo,
        status=RegistrationStatus.PENDING,
        email_confirmed_at__isnull=False,
    )
    filters = filters or QueueFilters()
    if filters.role:
        queue = queue.filter(roles__role=filters.role)
    if filters.country:
        queue = queue.filter(country=filters.country)
    if filters.organisation:
        queue = queue.filter(organisation__legal_name__icontains=filters.organisation.strip())
    if filters.delegation == "leaders":
        queue = queue.filter(delegation_members__isnull=False).distinct()
    elif filters.delegation == "members":
        queue = queue.filter(delegation_leader__isnull=False)
    elif filters.delegation == "individuals":
        queue = queue.filter(delegation_leader__isnull=True, delegation_members__isnull=True)
    zone = ZoneInfo(str(expo.time_zone))
    if filters.registered_from:
        start = dt.datetime.combine(filters.registered_from, dt.time.min, tzinfo=zone)
        queue = queue.filter(created_at__gte=start)
    if filters.registered_until:
        end = dt.datetime.combine(filters.registered_until + dt.timedelta(days=1), dt.time.min, tzinfo=zone)
        queue = queue.filter(created_at__lt=end)
    return (
        queue.select_related("organisation", "delegation_leader", "user")
        .prefetch_related("roles")
        .order_by("created_at", "id")
    )


def _locked_for_review(participant: Participant) -> Participant:
    locked = Participant.objects.select_for_update(of=("self",)).select_related("expo").get(pk=participant.pk)
    if locked.email_confirmed_at is None:
        raise RegistrationError(
            "email_not_confirmed", _("The applicant has not confirmed the e-mail address yet.")
        )
    return locked


def approve(participant: Participant, *, by) -> Participant:
    with transaction.atomic():
        participant = _locked_for_review(participant)
        if participant.status == RegistrationStatus.APPROVED:
            raise RegistrationError("already_approved", _("This registration is already approved."))
        participant.status = RegistrationStatus.APPROVED
        participant.review_note = ""
        participant.save(update_fields=["status", "review_note"])
        log_action(participant, "registration.approved", actor=by)
        approved = participant
        events.send(
            events.PARTICIPANT_APPROVED,
            expo=approved.expo,
            payload=lambda: {"participant": event_payloads.participant(approved)},
        )
    send_to_participant(participant, template="people/email/approved", context=approval_context(participant))
    return participant


def approval_context(participant: Participant) -> dict:
    """The registration page, and for a person with an account the way in: the sign-in
    page leading to their matchmaking, and the set-password page if they have none yet."""
    context = {"url": registration_url(participant)}
    user = participant.user
    if user is not None and user.is_active:
        home = reverse("matchmaking:home", args=[participant.expo.slug])
        context |= {
            "login_url": reverse("common:login")
            + "?"
            + urlencode({"next": home, "lang": participant.language}),
            "username": user.get_username(),
            "has_password": user.has_usable_password(),
            "password_url": accounts.set_password_path(user, language=participant.language),
        }
    return context


def reject(participant: Participant, *, by, reason: str) -> Participant:
    reason = reason.strip()
    if not reason:
        raise RegistrationError("reason_required", _("Say why the registration is rejected."))
    with transaction.atomic():
        participant = _locked_for_review(participant)
        participant.status = RegistrationStatus.REJECTED
        participant.review_note = reason
        participant.save(update_fields=["status", "review_note"])
        log_action(participant, "registration.rejected", actor=by, data={"reason": reason})
    send_to_participant(participant, template="people/email/rejected", context={"reason": reason})
    return participant


def request_changes(participant: Participant, *, by, message: str) -> Participant:
    message = message.strip()
    if not message:
        raise RegistrationError("message_required", _("Say which changes you need."))
    with transaction.atomic():
        participant = _locked_for_review(participant)
        if participant.status != RegistrationStatus.PENDING:
            raise RegistrationError("not_pending", _("Only a registration awaiting review can be sent back."))
        participant.status = RegistrationStatus.CHANGES_REQUESTED
        participant.review_note = message
        participant.save(update_fields=["status", "review_note"])
        log_action(participant, "registration.changes_requested", actor=by, data={"message": message})
    send_to_participant(
        participant,
        template="people/email/changes_requested",
        context={"message": message, "url": registration_url(participant)},
    )
    return participant


def resubmit(participant: Participant, *, changes: Applicant) -> Participant:
    """The applicant made the changes asked for: the registration goes back to the queue."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.status != RegistrationStatus.CHANGES_REQUESTED:
            raise RegistrationError("no_changes_requested", _("No changes were asked for."))
        if changes.arrival and changes.departure and changes.departure < changes.arrival:
            raise RegistrationError("departure_before_arrival", _("The departure is before the arrival."))
        participant.name = changes.name
        participant.name_latin = changes.name_latin
        participant.country = changes.country
        participant.arrival = changes.arrival
        participant.departure = changes.departure
        participant.status = RegistrationStatus.PENDING
        participant.save(update_fields=["name", "name_latin", "country", "arrival", "departure", "status"])
        log_action(participant, "registration.resubmitted")
    return participant
