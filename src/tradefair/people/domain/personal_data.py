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
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from tradefair.common.errors import DomainError
from tradefair.common.i18n import localize
from tradefair.common.rate_limits import RateLimited
from tradefair.people.domain.anonymisation import anonymise_participant, expo_has_ended, scrub_account
from tradefair.people.models import Participant

FORMAT = "tradefair-personal-data/1"
# Password attempts at the erasure form, per user: the form must not become a way to
# guess the password of a session left open.
ERASURE_RATE = "5/h"


class PersonalDataError(DomainError):
    pass


# ---------------------------------------------------------------------------
# Export


def _when(value) -> str | None:
    return value.isoformat() if value is not None else None


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
                "created_at": _when(token.created_at),
                "last_used_at": _when(token.last_used_at),
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
        "date_joined": _when(user.date_joined),
        "last_login": _when(user.last_login),
        "interface_language": getattr(preference, "language", None),
    }


def _participation(participant: Participant) -> dict:
    expo = participant.expo
    organisation = participant.organisation
    return {
        "expo": expo.slug,
        "expo_name": localize(expo.name, expo.languages),
        "participant_id": participant.pk,
        "registered_at": _when(participant.created_at),
        "status": participant.status,
        "roles": sorted(role.role for role in participant.roles.all()),
        "name": participant.name,
        "name_latin": participant.name_latin,
        "email": participant.email,
        "email_confirmed_at": _when(participant.email_confirmed_at),
        "country": participant.country.code,
        "languages": list(participant.languages),
        "language": participant.language,
        "arrival": _when(participant.arrival),
        "departure": _when(participant.departure),
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
        **_matchmaking(participant),
        **_programme(participant),
        **_onsite(participant),
        "deals_declared": _deals(participant),
        "exhibitor_contacts": _exhibitor_contacts(participant),
        **_conversations(participant),
    }


def _conversations(participant: Participant) -> dict:
    from tradefair.conversations.domain.privacy import export_conversations, export_safety

    return {"conversations": export_conversations(participant), **export_safety(participant)}


def _interest(item) -> dict:
    return {"hs_code": item.hs_code, "isic_section": item.isic_section, "text": item.text}


def _matchmaking(participant: Participant) -> dict:
    from tradefair.matchmaking.models import (
        Mark,
        MatchPreferences,
        Meeting,
        MeetingRequest,
        Notification,
        Recommendation,
    )

    def request(item, other) -> dict:
        return {
            "with": other.name,
            "status": item.status,
            "message": item.message,
            "reply": item.reply,
            "preferred_start": _when(item.preferred_start),
            "proposed_start": _when(item.proposed_start),
            "created_at": _when(item.created_at),
            "answered_at": _when(item.answered_at),
        }

    sent = MeetingRequest.objects.filter(sender=participant).select_related("recipient").order_by("id")
    received = MeetingRequest.objects.filter(recipient=participant).select_related("sender").order_by("id")
    meetings = (
        Meeting.objects.filter(Q(requester=participant) | Q(counterpart=participant))
        .select_related("slot", "round", "requester__organisation", "counterpart__organisation")
        .order_by("slot__starts_at", "id")
    )
    preferences = MatchPreferences.objects.filter(participant=participant).first()
    marks = Mark.objects.filter(participant=participant).select_related("target").order_by("id")
    recommendations = (
        Recommendation.objects.filter(participant=participant).select_related("counterpart").order_by("rank")
    )
    return {
        "meeting_requests_sent": [request(item, item.recipient) for item in sent],
        "meeting_requests_received": [request(item, item.sender) for item in received],
        "meetings": [_meeting(meeting, participant) for meeting in meetings],
        "matchmaking_preferences": (
            {
                "excluded_countries": list(preferences.excluded_countries),
                "excluded_sectors": list(preferences.excluded_sectors),
                "is_sponsor": preferences.is_sponsor,
            }
            if preferences
            else None
        ),
        "marks": [
            {"kind": mark.kind, "target": mark.target.name, "created_at": _when(mark.created_at)}
            for mark in marks
        ],
        "recommendations": [
            {"rank": item.rank, "counterpart": item.counterpart.name, "score": round(item.score, 4)}
            for item in recommendations
        ],
        "notifications": [
            {
                "kind": notice.kind,
                "params": notice.params,
                "created_at": _when(notice.created_at),
                "read_at": _when(notice.read_at),
            }
            for notice in Notification.objects.filter(participant=participant).order_by("id")
        ],
    }


def _meeting(meeting, participant: Participant) -> dict:
    other = meeting.other(participant.pk)
    return {
        "round": meeting.round.name,
        "starts_at": _when(meeting.slot.starts_at),
        "ends_at": _when(meeting.slot.ends_at),
        "table": meeting.table,
        "status": meeting.status,
        "counterpart": other.name,
        "counterpart_organisation": localize(other.organisation.name) if other.organisation else "",
        "follow_up_planned": meeting.follow_up_planned,
        "outcome_note": meeting.outcome_note,
    }


def _programme(participant: Participant) -> dict:
    from tradefair.program.models import SessionSignup, Speaker

    languages = participant.expo.languages
    signups = SessionSignup.objects.filter(participant=participant).select_related("session").order_by("id")
    speakers = Speaker.objects.filter(participant=participant).order_by("id")
    return {
        "session_signups": [
            {
                "session": localize(signup.session.title, languages),
                "starts_at": _when(signup.session.starts_at),
                "status": signup.status,
                "queued_at": _when(signup.queued_at),
                "confirmed_at": _when(signup.confirmed_at),
            }
            for signup in signups
        ],
        "speaker_profiles": [
            {
                "name": speaker.name,
                "name_latin": speaker.name_latin,
                "position": localize(speaker.position, languages),
                "biography": localize(speaker.bio, languages),
                "photo_url": speaker.photo_url,
            }
            for speaker in speakers
        ],
    }


def _onsite(participant: Participant) -> dict:
    from tradefair.onsite.models import Badge, CheckIn, InvitationLetter

    return {
        "badges": [
            {"issued_at": _when(badge.issued_at), "revoked_at": _when(badge.revoked_at)}
            for badge in Badge.objects.filter(participant=participant).order_by("id")
        ],
        "invitation_letters": [
            {
                "passport_number": letter.passport_number,
                "nationality": letter.nationality.code,
                "date_of_birth": _when(letter.date_of_birth),
                "stay_from": _when(letter.stay_from),
                "stay_until": _when(letter.stay_until),
                "inviting_organisation": letter.inviting_organisation,
                "issued_at": _when(letter.issued_at),
                "revoked_at": _when(letter.revoked_at),
            }
            for letter in InvitationLetter.objects.filter(participant=participant).order_by("id")
        ],
        "check_ins": [
            {"scanned_at": _when(check_in.scanned_at), "gate": check_in.gate}
            for check_in in CheckIn.objects.filter(participant=participant).order_by("scanned_at", "id")
        ],
    }


def _deals(participant: Participant) -> list[dict]:
    from tradefair.deals.models import Deal

    deals = Deal.objects.filter(declared_by=participant).prefetch_related("party_links__organisation")
    return [
        {
            "kind": deal.kind,
            "status": deal.status,
            "title": deal.title,
            "amount": f"{deal.amount:.2f}" if deal.amount is not None else None,
            "currency": deal.currency,
            "signed_on": _when(deal.signed_on),
            "parties": [link.organisation.legal_name for link in deal.party_links.all()],
            "confirmed": deal.is_confirmed,
        }
        for deal in deals.order_by("signed_on", "id")
    ]


def _exhibitor_contacts(participant: Participant) -> list[dict]:
    from tradefair.catalog.models import Exhibitor

    addresses = [a for a in (participant.email, getattr(participant.user, "email", "")) if a]
    if not addresses:
        return []
    contacts = Q()
    for address in addresses:
        contacts |= Q(contact_email__iexact=address)
    exhibitors = (
        Exhibitor.objects.filter(expo_id=participant.expo_id).filter(contacts).select_related("organisation")
    )
    return [
        {
            "exhibitor": exhibitor.organisation.legal_name,
            "contact_name": exhibitor.contact_name,
            "contact_email": exhibitor.contact_email,
            "contact_phone": exhibitor.contact_phone,
        }
        for exhibitor in exhibitors.order_by("id")
    ]


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
