"""Who may see and do what in matchmaking: a participant acts for themselves only; the
expo's organisers of every level read the rounds, their reports and files, and only its
admins set the rules and open, run, change or publish rounds (that decides whom every
participant meets)."""

import rules
from django.http import Http404
from django.utils.translation import gettext as _

from tradefair.matchmaking import permissions  # noqa: F401  (declares the permissions checked here)
from tradefair.matchmaking.domain.errors import MatchmakingForbidden
from tradefair.people.models import Participant, RegistrationStatus
from tradefair.people.permissions import participant_of


def require_participant(user, expo) -> Participant:
    participant = participant_of(user, expo)
    if participant is None or participant.status != RegistrationStatus.APPROVED:
        raise MatchmakingForbidden(
            "not_a_participant", _("Only approved participants of this expo take part in matchmaking.")
        )
    return participant


def require_organiser(user, expo) -> None:
    """Any organiser level: reading the organisers' side of matchmaking."""
    if not rules.has_perm("matchmaking.view_rounds", user, expo):
        raise MatchmakingForbidden("not_an_organiser", _("Only the expo's organisers may do this."))


def require_admin(user, expo) -> None:
    """Admins only (matchmaking.manage_rounds): the matchmaking rules, recommendations and rounds.
    Each round action calls it itself, whoever calls the action (page, API, command)."""
    if not rules.has_perm("matchmaking.manage_rounds", user, expo):
        raise MatchmakingForbidden("not_an_admin", _("Only the expo's administrators may do this."))


def counterpart_in(expo, participant_id: int) -> Participant:
    found = (
        Participant.objects.select_related("organisation")
        .filter(expo=expo, pk=participant_id, status=RegistrationStatus.APPROVED)
        .first()
    )
    if found is None:
        raise Http404(_("No such participant in this expo."))
    return found
