"""What the organisers' floor plan shows beside the booths: the exhibitors one may place
(searched by name in every language), those still without a booth, and the open proposal
pavilion by pavilion. Queries only; the actions are in ``catalog.domain.booths``."""

from dataclasses import dataclass

from django.db.models import Count

from tradefair.catalog.domain.search import search
from tradefair.catalog.models import BoothAssignment, BoothProposal, Exhibitor, ProposedBooth
from tradefair.common.errors import DomainError
from tradefair.common.i18n import localize
from tradefair.expos.models import Booth, Expo

CANDIDATES = 20
WAITING = 30


@dataclass(frozen=True)
class Candidate:
    id: int
    name: str
    pavilion: str
    booth_id: int | None  # the booth it stands in now, if any
    booth_code: str


def _candidates(expo: Expo, exhibitors: list[Exhibitor]) -> list[Candidate]:
    booths = {
        a.exhibitor_id: a.booth
        for a in BoothAssignment.objects.filter(exhibitor__in=exhibitors)
        .select_related("booth")
        .order_by("booth_id")
    }
    return [
        Candidate(
            id=e.pk,
            name=localize(e.organisation.name, expo.languages) or e.organisation.legal_name,
            pavilion=localize(e.pavilion.name, expo.languages) if e.pavilion else "",
            booth_id=booths[e.pk].pk if e.pk in booths else None,
            booth_code=booths[e.pk].code if e.pk in booths else "",
        )
        for e in exhibitors
    ]


def find_exhibitors(expo: Expo, query: str) -> list[Candidate]:
    """Exhibitors whose name (in any language) or legal name matches, best first."""
    query = query.strip()
    if not query:
        return []
    ids: list[int] = []
    try:
        ids = [hit.id for hit in search(expo, query=query, kind="exhibitor", limit=CANDIDATES).hits]
    except DomainError:
        ids = []
    if len(ids) < CANDIDATES:
        more = (
            Exhibitor.objects.filter(expo=expo, organisation__legal_name__icontains=query)
            .exclude(pk__in=ids)
            .order_by("organisation__legal_name")
            .values_list("pk", flat=True)[: CANDIDATES - len(ids)]
        )
        ids += list(more)
    found = {
        e.pk: e
        for e in Exhibitor.objects.filter(pk__in=ids, expo=expo).select_related("organisation", "pavilion")
    }
    return _candidates(expo, [found[pk] for pk in ids if pk in found])


def waiting_exhibitors(expo: Expo) -> tuple[list[Candidate], int]:
    """The first exhibitors without a booth, and how many there are."""
    waiting = Exhibitor.objects.filter(expo=expo, booth_assignments__isnull=True)
    first = list(
        waiting.select_related("organisation", "pavilion").order_by("pavilion__position", "id")[:WAITING]
    )
    return _candidates(expo, first), waiting.count()


@dataclass(frozen=True)
class ProposedLine:
    booth_id: int
    booth_code: str
    hall_code: str
    exhibitor_id: int
    exhibitor: str


@dataclass(frozen=True)
class PavilionProposal:
    id: int
    name: str
    colour: str
    lines: list[ProposedLine]


@dataclass(frozen=True)
class ProposalView:
    proposal: BoothProposal
    pavilions: list[PavilionProposal]
    unplaced: int
    by_booth: dict[int, str]  # booth id -> the exhibitor proposed for it


def proposal_view(expo: Expo) -> ProposalView | None:
    proposal = BoothProposal.objects.filter(expo=expo).select_related("created_by").first()
    if proposal is None:
        return None
    moves = (
        ProposedBooth.objects.filter(proposal=proposal)
        .select_related("booth__hall", "exhibitor__organisation", "pavilion")
        .order_by("pavilion__position", "pavilion_id", "booth__hall__code", "booth__code")
    )
    pavilions: dict[int, PavilionProposal] = {}
    by_booth = {}
    for move in moves:
        name = (
            localize(move.exhibitor.organisation.name, expo.languages)
            or move.exhibitor.organisation.legal_name
        )
        if move.pavilion_id not in pavilions:
            pavilions[move.pavilion_id] = PavilionProposal(
                id=move.pavilion_id,
                name=localize(move.pavilion.name, expo.languages),
                colour=move.pavilion.colour,
                lines=[],
            )
        pavilions[move.pavilion_id].lines.append(
            ProposedLine(move.booth_id, move.booth.code, move.booth.hall.code, move.exhibitor_id, name)
        )
        by_booth[move.booth_id] = name
    return ProposalView(
        proposal=proposal,
        pavilions=list(pavilions.values()),
        unplaced=len(proposal.unplaced),
        by_booth=by_booth,
    )


def booth_of_expo(expo: Expo, booth_id: int | None) -> Booth | None:
    if booth_id is None:
        return None
    return Booth.objects.select_related("hall", "pavilion").filter(pk=booth_id, hall__expo=expo).first()


def occupancy(expo: Expo) -> dict[str, int]:
    """Booths by state, for the plan's heading."""
    counts = dict(
        Booth.objects.filter(hall__expo=expo)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return counts
