"""An exhibitor's leads: the meeting requests and meetings of everyone the exhibiting
organisation sends to the expo, and that team itself.

Matchmaking is personal (each participant answers their own requests), and a request
to an exhibitor reaches one of its people (listing.participant_for_exhibitor). The
company's exhibitor admins, its participants with the exhibitor role, must still see
every lead of the company and who is on its stand, and nothing of any other
organisation: every query here is bound to the exhibitor's organisation and expo."""

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from tradefair.catalog.models import Exhibitor
from tradefair.catalog.permissions import represents_exhibitor
from tradefair.expos.permissions import sees_as_organiser
from tradefair.matchmaking.domain.agenda import VISIBLE_ROUNDS
from tradefair.matchmaking.models import Meeting, MeetingRequest
from tradefair.people.models import Participant, RegistrationStatus

MAX_ID = 2**63 - 1


def may_see_leads(user, exhibitor: Exhibitor) -> bool:
    """The exhibitor's own people (approved, with the exhibitor role) and the expo's
    organisers of every level, who read all of matchmaking anyway."""
    return bool(represents_exhibitor(user, exhibitor) or sees_as_organiser(user, exhibitor.expo))


def exhibitor_for_leads(expo, exhibitor_id: int, user) -> Exhibitor:
    """The expo's exhibitor, if the user may see its leads; a 404 otherwise, so that
    nobody learns which exhibitors exist behind an address they may not open."""
    exhibitor = None
    if 0 < exhibitor_id <= MAX_ID:
        exhibitor = (
            Exhibitor.objects.select_related("organisation", "expo")
            .filter(expo=expo, pk=exhibitor_id)
            .first()
        )
    if exhibitor is None or not may_see_leads(user, exhibitor):
        raise Http404(_("No such exhibitor, or you do not see its leads."))
    return exhibitor


def team_of(exhibitor: Exhibitor):
    """The organisation's approved participants in the expo: its stand staff."""
    return (
        Participant.objects.filter(
            expo_id=exhibitor.expo_id,
            organisation_id=exhibitor.organisation_id,
            status=RegistrationStatus.APPROVED,
        )
        .prefetch_related("roles")
        .order_by("name", "id")
    )


def requests_of(exhibitor: Exhibitor):
    """Meeting requests sent to or by any of the organisation's people, newest first."""
    ours = Q(recipient__organisation_id=exhibitor.organisation_id) | Q(
        sender__organisation_id=exhibitor.organisation_id
    )
    return (
        MeetingRequest.objects.filter(expo_id=exhibitor.expo_id)
        .filter(ours)
        .select_related("sender__organisation", "recipient__organisation", "sender__expo", "recipient__expo")
        .order_by("-created_at", "-id")
    )


def meetings_of(exhibitor: Exhibitor):
    """The organisation's meetings in published rounds, in time order (what its people
    see in their own agendas)."""
    ours = Q(requester__organisation_id=exhibitor.organisation_id) | Q(
        counterpart__organisation_id=exhibitor.organisation_id
    )
    return (
        Meeting.objects.filter(round__expo_id=exhibitor.expo_id, round__status__in=VISIBLE_ROUNDS)
        .filter(ours)
        .select_related(
            "slot",
            "requester__organisation",
            "counterpart__organisation",
            "requester__expo",
            "counterpart__expo",
        )
        .order_by("slot__starts_at", "table")
    )
