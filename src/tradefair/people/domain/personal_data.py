"""A person's rights over their data (GDPR articles 15, 17 and 20; PIPL articles 45 and
47): a copy of everything the platform holds about them, as one JSON document, and its
erasure. Erasure anonymises each participation (domain.anonymisation) and scrubs the
account; the rows that figures count stay, so the edition's results do not change.

Who may not erase themselves, and why:

- an organiser of an expo that has not ended yet: the expo's decisions must stay
  attributable while it runs; another organiser removes them first;
- platform staff: an administrator's account is taken down by another administrator,
  not by a form, so that nobody locks the platform out by accident."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from tradefair.common.errors import DomainError
from tradefair.common.i18n import localize
from tradefair.common.rate_limits import RateLimited
from tradefair.people.domain.anonymisation import anonymise_participant, expo_has_ended, scrub_account
from tradefair.people.models import Participant
from tradefair.people.signals import collect_personal_data, when

FORMAT = "tradefair-personal-data/1"
# Password attempts at the erasure form, per user: the form must not become a way to
# guess the password of a session left open.
ERASURE_RATE = "5/h"


class PersonalDataError(DomainError):
    pass


# ---------------------------------------------------------------------------
# Export


def export_personal_data(user) -> dict:
    """Everything tied to the account, participation by participation. Other people
    appear only by the name the person saw (a meeting's counterpart); secrets never do
    (password hash, API key digests, badge and letter keys)."""
    participations = (
        Participant.objects.filter(user=user)
        .select_related("expo", "organisation", "delegation_leader")
        .prefetch_related("roles", "offers", "needs")
        .order_by("expo__starts", "id")
    )
    return {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "account": _account(user),
        "api_tokens": [
            {
                "name": token.name,
                "created_at": when(token.created_at),
                "last_used_at": when(token.last_used_at),
                "revoked": token.revoked,
            }
            for token in user.api_tokens.order_by("created_at", "id")
        ],
        "organised_expos": sorted(user.organised_expos.values_list("slug", flat=True)),
        "participations": [_participation(participant) for participant in participations],
    }


def _account(user) -> dict:
    preference = getattr(user, "language_preference", None) if hasattr(user, "language_preference") else None
    return {
        "id": user.pk,
        "username": user.get_username(),
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "date_joined": when(user.date_joined),
        "last_login": when(user.last_login),
        "interface_language": getattr(preference, "language", None),
    }


def _participation(participant: Participant) -> dict:
    expo = participant.expo
    organisation = participant.organisation
    return {
        "expo": expo.slug,
        "expo_name": localize(expo.name, expo.languages),
        "participant_id": participant.pk,
        "registered_at": when(participant.created_at),
        "status": participant.status,
        "roles": sorted(role.role for role in participant.roles.all()),
        "name": participant.name,
        "name_latin": participant.name_latin,
        "email": participant.email,
        "email_confirmed_at": when(participant.email_confirmed_at),
        "country": participant.country.code,
        "languages": list(participant.languages),
        "language": participant.language,
        "arrival": when(participant.arrival),
        "departure": when(participant.departure),
        "external_id": participant.external_id,
        "review_note": participant.review_note,
        "organisation": (
            {
                "legal_name": organisation.legal_name,
                "name": localize(organisation.name),
                "country": organisation.country.code,
            }
            if organisation
            else None
        ),
        "delegation_leader": participant.delegation_leader.name if participant.delegation_leader else None,
        "delegation_members_registered": participant.delegation_members.count(),
        "offers": [_interest(item) for item in participant.offers.all()],
        "needs": [_interest(item) for item in participant.needs.all()],
        # Each app adds what it holds about the person (people.signals).
        **{
            key: value
            for _receiver, sections in collect_personal_data.send(sender=Participant, participant=participant)
            for key, value in (sections or {}).items()
        },
    }


def _interest(item) -> dict:
    return {"hs_code": item.hs_code, "isic_section": item.isic_section, "text": item.text}


# ---------------------------------------------------------------------------
# Erasure


def erasure_refusal(user) -> PersonalDataError | None:
    """Why this account may not be erased now, or None."""
    if user.is_staff or user.is_superuser:
        return PersonalDataError(
            "staff_account",
            _("Platform staff accounts are erased by another administrator, not from this page."),
        )
    running = sorted(expo.slug for expo in user.organised_expos.all() if not expo_has_ended(expo))
    if running:
        return PersonalDataError(
            "organiser_of_running_expo",
            _(
                "You organise %(expos)s, which has not ended yet: ask another organiser to remove you "
                "from its organisers first."
            )
            % {"expos": ", ".join(running)},
        )
    return None


def erase_personal_data(user, *, by=None) -> int:
    """Anonymise every participation of the user, then scrub the account, in one
    transaction: either the person is gone everywhere or nothing changed. Returns the
    number of participations anonymised."""
    with transaction.atomic():
        # Locked first, so that nobody makes the person an organiser of a running expo
        # between the check and the erasure.
        user = get_user_model().objects.select_for_update().get(pk=user.pk)
        refusal = erasure_refusal(user)
        if refusal is not None:
            raise refusal
        participations = list(Participant.objects.filter(user=user).order_by("id"))
        for participant in participations:
            anonymise_participant(participant, why="request", by=by)
        scrub_account(user, by=by, why="request")
    return len(participations)


def erase_own_data(request, *, password: str) -> int:
    """Self-service erasure: the password again, so that a session left open on a
    shared computer in the exhibition hall cannot erase its owner."""
    user = request.user
    if settings.RATELIMIT_ENABLE and is_ratelimited(
        request, group="tradefair.erasure", key="user_or_ip", rate=ERASURE_RATE, increment=True
    ):
        raise RateLimited("rate_limited", _("Too many attempts in a short time; please wait and try again."))
    if not password or authenticate(request, username=user.get_username(), password=password) is None:
        raise PersonalDataError("wrong_password", _("The password is not correct; nothing was erased."))
    return erase_personal_data(user, by=user)
