"""Giving booths to exhibitors: by hand (assign, move, swap, unassign), or from the
automatic plan, which is only a proposal until the organisers accept it pavilion by pavilion.

Every action locks the booths it touches, then the exhibitors, each in primary-key order
(so that two organisers' actions never wait for each other in a circle), checks what the
caller's page showed against what the booths hold now (a stale page gets a 409 and
changes nothing), writes, and logs one audit entry. The database backs the rules up: a
booth has one assignment (a one-to-one key) and, while the expo's rule is one booth each,
an exhibitor has one (a partial unique index on ``BoothAssignment.sole``).

The automatic assignment plans pavilion by pavilion: an exhibitor only gets a booth laid
out for its own pavilion, so a pavilion's exhibitors stand together in its area. Inside
a pavilion the largest requests are served first, each with the smallest free booth
that covers the requested area (best fit, ties broken by position on the floor, front
to back and left to right); what cannot be placed is reported with a reason rather than
squeezed into a smaller booth or another pavilion's area."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from tradefair.catalog.domain.errors import Conflict, Forbidden
from tradefair.catalog.models import (
    BoothAssignment,
    BoothProposal,
    Exhibitor,
    FloorPlanSettings,
    ProposedBooth,
)
from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError, NotFound
from tradefair.common.i18n import localize
from tradefair.expos.models import Booth, BoothStatus, Expo, Pavilion

DEFAULT_REQUEST_M2 = Decimal(9)


class Unplaced:
    NO_PAVILION = "no_pavilion"
    NO_BOOTH_LARGE_ENOUGH = "no_booth_large_enough"
    PAVILION_FULL = "pavilion_full"


@dataclass(frozen=True)
class Request:
    exhibitor_id: int
    pavilion_id: int | None
    area_m2: Decimal


@dataclass(frozen=True)
class FreeBooth:
    booth_id: int
    pavilion_id: int | None
    area_m2: Decimal
    position: tuple  # (hall code, y, x): the order booths are walked past


@dataclass
class Plan:
    placed: dict[int, int] = field(default_factory=dict)  # exhibitor id -> booth id
    unplaced: dict[int, str] = field(default_factory=dict)  # exhibitor id -> reason


def plan_booths(requests: list[Request], booths: list[FreeBooth]) -> Plan:
    """Pure planning step, without the database, so its invariants can be tested directly."""
    plan = Plan()
    free_by_pavilion: dict[int, list[FreeBooth]] = {}
    for booth in sorted(booths, key=lambda b: b.position):
        if booth.pavilion_id is not None:
            free_by_pavilion.setdefault(booth.pavilion_id, []).append(booth)
    ordered = sorted(requests, key=lambda r: (r.pavilion_id or 0, -r.area_m2, r.exhibitor_id))
    for request in ordered:
        if request.pavilion_id is None:
            plan.unplaced[request.exhibitor_id] = Unplaced.NO_PAVILION
            continue
        free = free_by_pavilion.get(request.pavilion_id, [])
        fitting = [booth for booth in free if booth.area_m2 >= request.area_m2]
        if not fitting:
            plan.unplaced[request.exhibitor_id] = (
                Unplaced.NO_BOOTH_LARGE_ENOUGH if free else Unplaced.PAVILION_FULL
            )
            continue
        best = min(fitting, key=lambda booth: (booth.area_m2, booth.position))
        free.remove(best)
        plan.placed[request.exhibitor_id] = best.booth_id
    return plan


# What a page or an API client says it saw in a booth: an exhibitor's id, FREE, or UNCHECKED
# when the caller does not say (then only the rules are checked, not the page's freshness).
FREE = 0
UNCHECKED = None


def _check_may_plan(user, expo) -> None:
    if not user.has_perm("catalog.assign_booths", expo):
        raise Forbidden("forbidden", _("Only the organisers assign booths."))


def one_booth_each(expo) -> bool:
    rule = (
        FloorPlanSettings.objects.filter(expo=expo).values_list("one_booth_per_exhibitor", flat=True).first()
    )
    return True if rule is None else rule


def _lock_booths(expo, *booths: Booth) -> list[Booth]:
    """The booths again, locked, in the order given; each must be of this expo."""
    ids = [booth.pk for booth in booths]
    locked = {
        booth.pk: booth
        for booth in Booth.objects.select_for_update(of=("self",))
        .select_related("hall")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    for pk in ids:
        if pk not in locked or locked[pk].hall.expo_id != expo.pk:
            raise DomainError("other_expo", _("This booth belongs to another expo."))
    return [locked[pk] for pk in ids]


def _lock_exhibitors(expo, *exhibitors: Exhibitor) -> None:
    ids = sorted({exhibitor.pk for exhibitor in exhibitors})
    found = list(
        Exhibitor.objects.select_for_update()
        .filter(pk__in=ids, expo=expo)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if found != ids:
        raise DomainError("other_expo", _("This exhibitor belongs to another expo."))


def _name(exhibitor: Exhibitor) -> str:
    return (
        localize(exhibitor.organisation.name, exhibitor.expo.languages) or exhibitor.organisation.legal_name
    )


def _occupant(booth: Booth) -> BoothAssignment | None:
    return (
        BoothAssignment.objects.select_related("exhibitor__organisation", "exhibitor__expo")
        .filter(booth=booth)
        .first()
    )


def _check_seen(booth: Booth, assignment: BoothAssignment | None, expected) -> None:
    """Refuse when the caller's page showed the booth otherwise than it is now."""
    if expected is UNCHECKED:
        return
    now = assignment.exhibitor_id if assignment else FREE
    if now == expected:
        return
    if assignment:
        message = _(
            "Booth %(code)s has changed since this page was loaded: it is now %(name)s's. "
            "Nothing was changed; look at the plan again."
        ) % {"code": booth.code, "name": _name(assignment.exhibitor)}
    else:
        message = _(
            "Booth %(code)s has changed since this page was loaded: it is now free. "
            "Nothing was changed; look at the plan again."
        ) % {"code": booth.code}
    raise Conflict("stale", message)


def _check_free(booth: Booth, assignment: BoothAssignment | None) -> None:
    if assignment or booth.status == BoothStatus.BLOCKED:
        raise DomainError("booth_taken", _("Booth %(code)s is not free.") % {"code": booth.code})


def _check_assigned(booth: Booth, assignment: BoothAssignment | None) -> BoothAssignment:
    if assignment is None:
        raise DomainError("booth_free", _("Booth %(code)s is not assigned.") % {"code": booth.code})
    return assignment


def _check_no_other_booth(exhibitor: Exhibitor, *, sole: bool, but: Booth | None = None) -> None:
    if not sole:
        return
    other = (
        BoothAssignment.objects.filter(exhibitor=exhibitor).exclude(booth=but).select_related("booth").first()
    )
    if other:
        raise Conflict(
            "exhibitor_has_booth",
            _("%(name)s already stands in booth %(code)s: move it rather than give a second booth.")
            % {"name": _name(exhibitor), "code": other.booth.code},
        )


def _written(action):
    """Run a write; the database's own refusal (another transaction was quicker past a
    check that SQLite cannot lock for) comes back as a conflict, not a 500."""
    try:
        return action()
    except IntegrityError:
        raise Conflict(
            "concurrent_change",
            _(
                "Another organiser changed these booths at the same moment. Nothing was changed; look at the plan again."
            ),
        ) from None


def _mark(*booths: Booth, status: str) -> None:
    Booth.objects.filter(pk__in=[booth.pk for booth in booths]).update(status=status)


def assign_booth(booth: Booth, exhibitor: Exhibitor, *, by, expected_occupant=UNCHECKED) -> BoothAssignment:
    """An organiser's choice by hand; it may cross pavilions, but never share a booth and,
    under the one-booth rule, never give an exhibitor a second one."""
    expo = exhibitor.expo
    _check_may_plan(by, expo)

    def write():
        with transaction.atomic():
            (locked,) = _lock_booths(expo, booth)
            _lock_exhibitors(expo, exhibitor)
            assignment = _occupant(locked)
            _check_seen(locked, assignment, expected_occupant)
            _check_free(locked, assignment)
            sole = one_booth_each(expo)
            _check_no_other_booth(exhibitor, sole=sole)
            created = BoothAssignment.objects.create(booth=locked, exhibitor=exhibitor, sole=sole)
            _mark(locked, status=BoothStatus.ASSIGNED)
            log_action(
                created,
                "booth.assigned",
                actor=by,
                expo=expo,
                data={"booth": locked.code, "exhibitor": exhibitor.pk},
            )
            return created

    return _written(write)


def move_booth(
    booth: Booth, to: Booth, *, by, expected_occupant=UNCHECKED, expected_target=UNCHECKED
) -> BoothAssignment:
    """The exhibitor standing in ``booth`` moves to the free booth ``to``."""
    expo = booth.hall.expo
    _check_may_plan(by, expo)
    if booth.pk == to.pk:
        raise DomainError("same_booth", _("Choose another booth to move to."))

    def write():
        with transaction.atomic():
            source, target = _lock_booths(expo, booth, to)
            assignment = _occupant(source)
            _check_seen(source, assignment, expected_occupant)
            assignment = _check_assigned(source, assignment)
            _lock_exhibitors(expo, assignment.exhibitor)
            occupant = _occupant(target)
            _check_seen(target, occupant, expected_target)
            _check_free(target, occupant)
            assignment.booth = target
            assignment.save(update_fields=["booth"])
            _mark(source, status=BoothStatus.AVAILABLE)
            _mark(target, status=BoothStatus.ASSIGNED)
            log_action(
                assignment,
                "booth.moved",
                actor=by,
                expo=expo,
                data={"exhibitor": assignment.exhibitor_id, "from": source.code, "to": target.code},
            )
            return assignment

    return _written(write)


def swap_booths(
    first: Booth, second: Booth, *, by, expected_first=UNCHECKED, expected_second=UNCHECKED
) -> None:
    """The exhibitors of two booths change places; each keeps exactly one of the two."""
    expo = first.hall.expo
    _check_may_plan(by, expo)
    if first.pk == second.pk:
        raise DomainError("same_booth", _("Choose another booth to swap with."))

    def write():
        with transaction.atomic():
            one, two = _lock_booths(expo, first, second)
            a, b = _occupant(one), _occupant(two)
            _check_seen(one, a, expected_first)
            _check_seen(two, b, expected_second)
            a, b = _check_assigned(one, a), _check_assigned(two, b)
            if a.exhibitor_id == b.exhibitor_id:
                raise DomainError(
                    "same_exhibitor", _("Both booths are the same exhibitor's: there is nothing to swap.")
                )
            _lock_exhibitors(expo, a.exhibitor, b.exhibitor)
            # Deleted and written again: updating one row at a time would hold one booth or
            # one exhibitor twice for an instant, which the unique indexes refuse.
            BoothAssignment.objects.filter(pk__in=[a.pk, b.pk]).delete()
            BoothAssignment.objects.bulk_create(
                [
                    BoothAssignment(booth=two, exhibitor_id=a.exhibitor_id, sole=a.sole),
                    BoothAssignment(booth=one, exhibitor_id=b.exhibitor_id, sole=b.sole),
                ]
            )
            log_action(
                expo,
                "booths.swapped",
                actor=by,
                data={
                    "booths": [one.code, two.code],
                    "exhibitors": [a.exhibitor_id, b.exhibitor_id],
                },
            )

    _written(write)


def unassign_booth(booth: Booth, *, by, expected_occupant=UNCHECKED) -> None:
    """The booth is free again; its exhibitor has no booth there any more."""
    expo = booth.hall.expo
    _check_may_plan(by, expo)
    with transaction.atomic():
        (locked,) = _lock_booths(expo, booth)
        assignment = _occupant(locked)
        _check_seen(locked, assignment, expected_occupant)
        assignment = _check_assigned(locked, assignment)
        assignment.delete()
        _mark(locked, status=BoothStatus.AVAILABLE)
        log_action(locked, "booth.released", actor=by, data={"exhibitor": assignment.exhibitor_id})


def set_booth_rule(expo: Expo, *, one_booth_per_exhibitor: bool, by) -> FloorPlanSettings:
    """Switch the one-booth rule; switching it on is refused while an exhibitor has several."""
    if not by.has_perm("catalog.set_booth_rule", expo):
        raise Forbidden("forbidden", _("Only the expo's administrators change the booth rule."))
    with transaction.atomic():
        rules_row, _created = FloorPlanSettings.objects.select_for_update().get_or_create(expo=expo)
        if one_booth_per_exhibitor and not rules_row.one_booth_per_exhibitor:
            assignments = BoothAssignment.objects.select_for_update().filter(exhibitor__expo=expo)
            exhibitor_ids = list(assignments.values_list("exhibitor_id", flat=True))
            several = len(exhibitor_ids) - len(set(exhibitor_ids))
            if several:
                raise DomainError(
                    "several_booths",
                    _("Some exhibitors stand in more than one booth; free their extra booths first."),
                )
        BoothAssignment.objects.filter(exhibitor__expo=expo).update(sole=one_booth_per_exhibitor)
        rules_row.one_booth_per_exhibitor = one_booth_per_exhibitor
        rules_row.save(update_fields=["one_booth_per_exhibitor"])
        log_action(
            expo, "booths.rule_changed", actor=by, data={"one_booth_per_exhibitor": one_booth_per_exhibitor}
        )
    return rules_row


def propose_booths(expo: Expo, *, by) -> BoothProposal:
    """Plan a booth for every exhibitor still without one, and keep the plan as a proposal
    (replacing an earlier one); nothing is assigned yet."""
    _check_may_plan(by, expo)
    with transaction.atomic():
        booths = list(
            Booth.objects.filter(
                hall__expo=expo, status=BoothStatus.AVAILABLE, assignment__isnull=True
            ).select_related("hall")
        )
        waiting = list(Exhibitor.objects.filter(expo=expo, booth_assignments__isnull=True))
        plan = plan_booths(
            [Request(e.pk, e.pavilion_id, e.requested_area_m2 or DEFAULT_REQUEST_M2) for e in waiting],
            [FreeBooth(b.pk, b.pavilion_id, b.area_m2, (b.hall.code, b.y_m, b.x_m)) for b in booths],
        )
        BoothProposal.objects.filter(expo=expo).delete()
        proposal = BoothProposal.objects.create(
            expo=expo,
            created_by=by,
            unplaced={str(pk): reason for pk, reason in sorted(plan.unplaced.items())},
        )
        pavilion_of = {e.pk: e.pavilion_id for e in waiting}
        ProposedBooth.objects.bulk_create(
            [
                ProposedBooth(proposal=proposal, pavilion_id=pavilion_of[e], exhibitor_id=e, booth_id=b)
                for e, b in plan.placed.items()
            ]
        )
        log_action(
            expo,
            "booths.proposed",
            actor=by,
            data={"placed": len(plan.placed), "unplaced": len(plan.unplaced)},
        )
    return proposal


def current_proposal(expo: Expo) -> BoothProposal | None:
    return BoothProposal.objects.filter(expo=expo).first()


@dataclass
class Acceptance:
    assigned: list[ProposedBooth] = field(default_factory=list)
    skipped: list[tuple[ProposedBooth, str]] = field(default_factory=list)  # (move, code why)


def accept_proposal(proposal: BoothProposal, *, pavilion: Pavilion, by) -> Acceptance:
    """Assign one pavilion's proposed booths. A line whose booth was taken, or whose
    exhibitor got a booth, since the proposal was made is skipped and reported; the others
    are assigned together, in one transaction."""
    expo = proposal.expo
    _check_may_plan(by, expo)
    if pavilion.expo_id != expo.pk:
        raise NotFound("unknown_pavilion", _("This expo has no such pavilion."))
    result = Acceptance()

    def write():
        with transaction.atomic():
            try:
                locked_proposal = BoothProposal.objects.select_for_update().get(pk=proposal.pk)
            except BoothProposal.DoesNotExist:
                raise Conflict(
                    "proposal_gone",
                    _("This proposal has been accepted or discarded meanwhile; look at the plan again."),
                ) from None
            moves = list(
                ProposedBooth.objects.filter(proposal=locked_proposal, pavilion=pavilion)
                .select_related("exhibitor__organisation", "booth__hall")
                .order_by("booth_id")
            )
            if not moves:
                raise DomainError("nothing_proposed", _("Nothing is proposed for this pavilion."))
            booth_ids = [move.booth_id for move in moves]
            locked = {
                booth.pk: booth
                for booth in Booth.objects.select_for_update(of=("self",))
                .filter(pk__in=booth_ids)
                .order_by("pk")
            }
            _lock_exhibitors(expo, *[move.exhibitor for move in moves])
            taken = set(
                BoothAssignment.objects.filter(booth_id__in=booth_ids).values_list("booth_id", flat=True)
            )
            sole = one_booth_each(expo)
            placed = set(
                BoothAssignment.objects.filter(exhibitor_id__in=[m.exhibitor_id for m in moves]).values_list(
                    "exhibitor_id", flat=True
                )
            )
            new = []
            for move in moves:
                booth = locked[move.booth_id]
                if move.booth_id in taken or booth.status != BoothStatus.AVAILABLE:
                    result.skipped.append((move, "booth_taken"))
                elif move.exhibitor_id in placed and sole:
                    result.skipped.append((move, "exhibitor_has_booth"))
                else:
                    new.append(
                        BoothAssignment(booth_id=move.booth_id, exhibitor_id=move.exhibitor_id, sole=sole)
                    )
                    result.assigned.append(move)
            BoothAssignment.objects.bulk_create(new)
            Booth.objects.filter(pk__in=[a.booth_id for a in new]).update(status=BoothStatus.ASSIGNED)
            ProposedBooth.objects.filter(pk__in=[move.pk for move in moves]).delete()
            if not ProposedBooth.objects.filter(proposal=locked_proposal).exists():
                locked_proposal.delete()
            log_action(
                expo,
                "booths.proposal_accepted",
                actor=by,
                data={
                    "pavilion": pavilion.pk,
                    "assigned": [[move.booth.code, move.exhibitor_id] for move in result.assigned],
                    "skipped": [[move.booth.code, move.exhibitor_id, why] for move, why in result.skipped],
                },
            )

    _written(write)
    return result


def discard_proposal(proposal: BoothProposal, *, by, pavilion: Pavilion | None = None) -> None:
    """Forget the proposal, or only one pavilion's part of it."""
    expo = proposal.expo
    _check_may_plan(by, expo)
    with transaction.atomic():
        if pavilion is None:
            BoothProposal.objects.filter(pk=proposal.pk).delete()
        else:
            ProposedBooth.objects.filter(proposal=proposal, pavilion=pavilion).delete()
            if not ProposedBooth.objects.filter(proposal=proposal).exists():
                BoothProposal.objects.filter(pk=proposal.pk).delete()
        log_action(
            expo, "booths.proposal_discarded", actor=by, data={"pavilion": pavilion.pk if pavilion else None}
        )
