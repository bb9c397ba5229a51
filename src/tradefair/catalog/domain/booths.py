"""Giving booths to exhibitors, by hand or all at once.

The automatic assignment plans pavilion by pavilion: an exhibitor only gets a booth laid
out for its own pavilion, so a pavilion's exhibitors stand together in its area. Inside
a pavilion the largest requests are served first, each with the smallest free booth
that covers the requested area (best fit, ties broken by position on the floor, front
to back and left to right); what cannot be placed is reported with a reason rather than
squeezed into a smaller booth or another pavilion's area."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.catalog.domain.errors import Forbidden
from tradefair.catalog.models import BoothAssignment, Exhibitor
from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.expos.models import Booth, BoothStatus, Expo

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


@dataclass
class AssignmentReport:
    placed: int
    unplaced: list[tuple[Exhibitor, str]]


def assign_booths_automatically(expo: Expo, *, by) -> AssignmentReport:
    """Give a booth to every exhibitor of the expo that has none yet."""
    if not by.has_perm("catalog.assign_booths", expo):
        raise Forbidden("forbidden", _("Only the organisers assign booths."))
    with transaction.atomic():
        booths = list(
            Booth.objects.select_for_update(of=("self",))
            .filter(hall__expo=expo, status=BoothStatus.AVAILABLE, assignment__isnull=True)
            .select_related("hall")
        )
        waiting = list(
            Exhibitor.objects.filter(expo=expo, booth_assignments__isnull=True).select_related("organisation")
        )
        plan = plan_booths(
            [Request(e.pk, e.pavilion_id, e.requested_area_m2 or DEFAULT_REQUEST_M2) for e in waiting],
            [FreeBooth(b.pk, b.pavilion_id, b.area_m2, (b.hall.code, b.y_m, b.x_m)) for b in booths],
        )
        BoothAssignment.objects.bulk_create(
            [BoothAssignment(exhibitor_id=e, booth_id=b) for e, b in plan.placed.items()]
        )
        Booth.objects.filter(pk__in=plan.placed.values()).update(status=BoothStatus.ASSIGNED)
        log_action(
            expo,
            "booths.assigned_automatically",
            actor=by,
            data={"placed": len(plan.placed), "unplaced": plan.unplaced},
        )
    by_id = {e.pk: e for e in waiting}
    unplaced = [(by_id[pk], reason) for pk, reason in sorted(plan.unplaced.items())]
    return AssignmentReport(placed=len(plan.placed), unplaced=unplaced)


def assign_booth(booth: Booth, exhibitor: Exhibitor, *, by) -> BoothAssignment:
    """An organiser's choice by hand; it may cross pavilions, but never share a booth."""
    if not by.has_perm("catalog.assign_booths", exhibitor.expo):
        raise Forbidden("forbidden", _("Only the organisers assign booths."))
    with transaction.atomic():
        booth = Booth.objects.select_for_update(of=("self",)).select_related("hall").get(pk=booth.pk)
        if booth.hall.expo_id != exhibitor.expo_id:
            raise DomainError("other_expo", _("This booth belongs to another expo."))
        if BoothAssignment.objects.filter(booth=booth).exists() or booth.status == BoothStatus.BLOCKED:
            raise DomainError("booth_taken", _("Booth %(code)s is not free.") % {"code": booth.code})
        assignment = BoothAssignment.objects.create(booth=booth, exhibitor=exhibitor)
        booth.status = BoothStatus.ASSIGNED
        booth.save(update_fields=["status"])
        log_action(
            assignment, "booth.assigned", actor=by, data={"booth": booth.code, "exhibitor": exhibitor.pk}
        )
    return assignment


def release_booth(booth: Booth, *, by) -> None:
    if not by.has_perm("catalog.assign_booths", booth.hall.expo):
        raise Forbidden("forbidden", _("Only the organisers assign booths."))
    with transaction.atomic():
        booth = Booth.objects.select_for_update().get(pk=booth.pk)
        deleted, _rows = BoothAssignment.objects.filter(booth=booth).delete()
        if not deleted:
            raise DomainError("booth_free", _("Booth %(code)s is not assigned.") % {"code": booth.code})
        booth.status = BoothStatus.AVAILABLE
        booth.save(update_fields=["status"])
        log_action(booth, "booth.released", actor=by)
