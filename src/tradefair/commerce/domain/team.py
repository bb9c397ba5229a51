"""An approved exhibitor's team: colleagues invited to staff the booth, each holding one
staff badge of the order's quota (the package's badges plus extra badges ordered). The
applicant holds one seat too. The quota is checked with the order's row locked, so two
invitations at once never exceed it."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.commerce.domain.errors import CommerceError, CommerceForbidden
from tradefair.commerce.models import Application, ApplicationStatus, Order, OrderStatus, TeamMember
from tradefair.common.audit import log_action
from tradefair.people.domain.accounts import account_for, invite_to_set_password
from tradefair.people.models import Participant, ParticipantRole, RegistrationStatus, Role


def seats_used(order: Order) -> int:
    return 1 + TeamMember.objects.filter(application_id=order.application_id).count()


def invite_colleague(
    application: Application, *, by, name: str, email: str, language: str = ""
) -> TeamMember:
    if application.applicant_id != getattr(by, "pk", None):
        raise CommerceForbidden("forbidden", _("Only the person who applied invites the team."))
    name, email = (name or "").strip(), (email or "").strip().lower()
    if not name or len(name) > 200:
        raise CommerceError("invalid_name", _("Give the colleague's name (at most 200 characters)."))
    try:
        validate_email(email)
    except ValidationError:
        raise CommerceError("invalid_email", _("Give a valid e-mail address.")) from None
    with transaction.atomic():
        application = Application.objects.select_related("expo", "exhibitor").get(pk=application.pk)
        if application.status != ApplicationStatus.APPROVED:
            raise CommerceError("not_approved", _("The team is invited once the application is approved."))
        order = Order.objects.select_for_update().get(application=application)
        if order.status != OrderStatus.PAID:
            raise CommerceError(
                "not_paid",
                _("Staff badges come with the paid order: invite your team once the invoice is paid."),
            )
        used = seats_used(order)
        if used >= order.staff_badges:
            raise CommerceError(
                "quota_reached",
                _(
                    "Your package includes %(quota)s staff badges and all %(quota)s are taken. Order extra staff badges from the organisers to invite more colleagues."
                )
                % {"quota": order.staff_badges},
            )
        expo = application.expo
        user = account_for(email=email, name=name, language=language or application.language)
        if Participant.objects.filter(expo=expo, user=user).exists():
            raise CommerceError(
                "already_registered", _("%(email)s is already registered for this expo.") % {"email": email}
            )
        participant = Participant.objects.create(
            expo=expo,
            user=user,
            organisation_id=application.exhibitor.organisation_id,
            name=name,
            email=email,
            country=application.country,
            language=language or application.language,
            status=RegistrationStatus.APPROVED,
        )
        ParticipantRole.objects.create(participant=participant, role=Role.EXHIBITOR)
        member = TeamMember.objects.create(application=application, participant=participant)
        log_action(
            member,
            "commerce.team_member_invited",
            actor=by,
            expo=expo,
            data={"seats": used + 1, "quota": order.staff_badges},
        )
        if not user.has_usable_password():
            invite_to_set_password(user, by=by, expo=expo, language=participant.language)
    return member
