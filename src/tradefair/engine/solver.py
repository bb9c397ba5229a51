"""The round solver: select, place, repair, fill, compact, bound.

1. Selection. The relaxation of relaxation.py with lexicographic bonuses picks the meetings: required
   pairs, then floors, then weight, under degree caps and the table budget (min-cost flow when the
   round is bipartite; otherwise the LP relaxation, solved as a flow on the double cover, plus
   rounding). Both flows have a deadline and fall back to a greedy selection.
2. Placement. placement.sweep puts the selection in slots, slot by slot, as König's proof does.
3. Repair. Meetings the sweep could not place are inserted where both sides and a table are free, or
   after moving the one meeting in their way.
4. Fill. Freed capacity goes to the next-best pairs: required first, then pairs that lift a floor,
   then by weight, each into the slot that adds the fewest idle slots.
5. Compaction. Kempe-chain swaps close gaps in participants' days (compaction.py).
6. Bound. bound.py turns relaxation optima into a proven upper bound on the weight.
Small rounds are then handed to the exact CP-SAT model (exact.py), which may prove optimality.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from .board import Board
from .bound import Bound, upper_bound
from .compaction import compact
from .graph import two_colouring
from .instance import Instance, no_cyclic_gc
from .placement import sweep
from .quality import measure, meetings_per_person, summary
from .relaxation import Relaxation
from .repair import insert_by_kempe
from .schedule import Schedule, number_places

Progress = Callable[[str, str], None]
EXACT_MAX_PEOPLE = 60
EXACT_MAX_VARIABLES = 40_000


@dataclass
class Clock:
    """Wall time of each phase, and the time left before the caller's limit."""

    limit: float
    start: float = field(default_factory=time.monotonic)
    phases: dict[str, float] = field(default_factory=dict)
    progress: Progress | None = None
    _phase: str | None = None
    _since: float = 0.0

    def enter(self, phase: str, note: str = "") -> None:
        now = time.monotonic()
        if self._phase is not None:
            self.phases[self._phase] = round(self.phases.get(self._phase, 0.0) + now - self._since, 3)
        self._phase, self._since = phase, now
        if self.progress is not None and phase != "done":
            self.progress(phase, note)

    def left(self) -> float:
        return self.limit - (time.monotonic() - self.start)

    def deadline(self, share: float = 1.0) -> float:
        return time.monotonic() + max(0.0, self.left()) * share


def greedy_selection(instance: Instance, budget: int) -> np.ndarray:
    """Fallback selection when the flow did not finish, in the spec's order of quality: required
    pairs, then pairs lifting two floors, then one floor, then the rest, each by weight, within caps
    and the table budget."""
    cap = instance.degree_cap().copy()
    below = instance.min_meetings.astype(np.int64).copy()  # meetings still missing to each floor
    feasible = instance.feasible_pairs()
    order = np.lexsort((-instance.weight, ~instance.required))
    order = order[feasible[order]].tolist()
    a, b = instance.pair_a.tolist(), instance.pair_b.tolist()
    required = instance.required.tolist()
    taken = np.zeros(instance.n_pairs, dtype=bool)
    chosen = []

    def take(e: int) -> None:
        cap[a[e]] -= 1
        cap[b[e]] -= 1
        below[a[e]] -= 1
        below[b[e]] -= 1
        taken[e] = True
        chosen.append(e)

    for lifts in (-1, 2, 1, 0):  # -1: required pairs only
        if len(chosen) >= budget:
            break
        for e in order:
            if taken[e] or cap[a[e]] <= 0 or cap[b[e]] <= 0:
                continue
            if lifts < 0:
                if not required[e]:
                    break  # required pairs come first in `order`
            elif (below[a[e]] > 0) + (below[b[e]] > 0) < lifts:
                continue
            take(e)
            if len(chosen) >= budget:
                break
    return np.asarray(chosen, dtype=np.int64)


def round_lp(instance: Instance, values: np.ndarray, budget: int) -> np.ndarray:
    """Integral selection from LP values: largest values first, then required and weight."""
    cap = instance.degree_cap().copy()
    order = np.lexsort((-instance.weight, ~instance.required, -np.round(values, 6)))
    chosen = []
    a, b = instance.pair_a.tolist(), instance.pair_b.tolist()
    for e in order.tolist():
        if values[e] <= 1e-6 or len(chosen) >= budget:
            break
        if cap[a[e]] > 0 and cap[b[e]] > 0:
            cap[a[e]] -= 1
            cap[b[e]] -= 1
            chosen.append(e)
    return np.asarray(chosen, dtype=np.int64)


def fill(board: Board, instance: Instance, deadline: float, floor_target: int | None = None) -> int:
    """Insert unplaced feasible pairs into free capacity; pairs lifting a floor go first, and while
    floors stay below `floor_target` (the relaxation's), may displace optional meetings."""
    feasible = instance.feasible_pairs()
    order = np.lexsort((-instance.weight, ~instance.required))
    ranked = order[feasible[order]]
    order = ranked.tolist()
    floors = instance.min_meetings.tolist()
    placed = 0
    every_slot = (1 << instance.n_slots) - 1
    tries = [0] * instance.n_people  # displacement attempts per participant: each scans many slots
    for lifting in (True, False):
        candidates = order
        if lifting:
            met = np.minimum(np.asarray(board.degree), instance.min_meetings)
            lift = floor_target is None or int(met.sum()) < floor_target
            below = np.asarray(board.degree) < instance.min_meetings
            candidates = ranked[below[instance.pair_a[ranked]] | below[instance.pair_b[ranked]]].tolist()
        for i, e in enumerate(candidates):
            if i % 4096 == 0 and (time.monotonic() > deadline or (board.full == every_slot and not lifting)):
                return placed
            if e in board.slot_of or not board.has_room(e):
                continue
            if lifting and not (
                board.degree[board.a[e]] < floors[board.a[e]] or board.degree[board.b[e]] < floors[board.b[e]]
            ):
                continue
            if board.insert(e):
                placed += 1
            elif lifting and lift and tries[board.a[e]] + tries[board.b[e]] < 6:
                tries[board.a[e]] += 1
                tries[board.b[e]] += 1
                placed += lift_by_displacement(board, instance, e)
    return placed


def lift_by_displacement(board: Board, instance: Instance, pair: int) -> bool:
    """Meet a pair that lifts a floor by dropping optional meetings whose sides stay at or above
    their floors: floor shortfall goes down, which the spec ranks above weight."""
    floors, degree, a, b = instance.min_meetings, board.degree, board.a, board.b

    def may_evict(x: int) -> bool:
        return not instance.required[x] and degree[a[x]] > floors[a[x]] and degree[b[x]] > floors[b[x]]

    return board.insert_by_displacement(pair, may_evict, lambda x: instance.weight[x]) is not None


def stage_one_optimal(
    instance: Instance,
    relaxation: Relaxation,
    relaxed,
    bonuses: tuple[int, int],
    pairs: np.ndarray,
    bound: Bound,
) -> bool:
    """Whether the relaxation already proves the schedule best on required pairs, floors and weight:
    it reaches the most required pairs and floors there can be, and its weight meets the bound."""
    meetings = meetings_per_person(instance, pairs)
    required = int(instance.required[pairs].sum())
    floors = int(np.minimum(meetings, instance.min_meetings).sum())
    feasible = instance.feasible_pairs()
    most_required = int(instance.required[feasible].sum())
    most_floors = int(np.minimum(instance.min_meetings, instance.degree_cap()).sum())
    if relaxed is not None and relaxed.exact and bonuses == relaxation.exact_bonuses():
        most_required, most_floors = relaxed.required, relaxed.floors
    weight = float(instance.weight[pairs].sum())
    return (
        required >= most_required
        and floors >= most_floors
        and weight >= bound.weight - 1e-9 * max(1.0, weight)
    )


def select(instance: Instance, relaxation: Relaxation, bonuses: tuple[int, int], clock: Clock):
    """Phase 1: the relaxation's lexicographic optimum (greedy if the flow missed its deadline)."""
    relaxed = relaxation.solve(*bonuses, time_limit=clock.left() * 0.4)
    if relaxed is None:
        return None, greedy_selection(instance, relaxation.budget)
    if relaxed.exact:
        return relaxed, np.flatnonzero(relaxed.values > 0.5)
    return relaxed, round_lp(instance, relaxed.values, relaxation.budget)


def repair(board: Board, instance: Instance, waiting: np.ndarray) -> None:
    """Phase 3: seat the meetings the sweep left out, required ones first."""
    required, weight = instance.required, instance.weight
    waiting = waiting[np.lexsort((-weight[waiting], ~required[waiting]))]
    for e in waiting.tolist():
        if not board.has_room(e) or board.insert_with_ejection(e) or not required[e]:
            continue
        # Priority 1 of the spec: a required meeting is worth any number of optional ones.
        optional, cost = (lambda x: not required[x]), (lambda x: weight[x])
        if not insert_by_kempe(board, e, optional, cost):
            board.insert_by_displacement(e, optional, cost)


def placed(board: Board) -> tuple[np.ndarray, np.ndarray]:
    pairs = np.fromiter(board.slot_of.keys(), dtype=np.int64, count=len(board.slot_of))
    slots = np.fromiter(board.slot_of.values(), dtype=np.int64, count=len(board.slot_of))
    return pairs, slots


def solve(
    instance: Instance, *, time_limit: float = 60.0, seed: int = 0, progress: Progress | None = None
) -> Schedule:
    """Schedule a round in the spec's order of quality within time_limit seconds (deterministic for a
    seed whenever the limit is not reached). stats.upper_bound is a proven bound (see bound.py)."""
    with no_cyclic_gc():
        return _solve(instance, time_limit=time_limit, seed=seed, progress=progress)


def _solve(instance: Instance, *, time_limit: float, seed: int, progress: Progress | None) -> Schedule:
    clock = Clock(limit=time_limit, progress=progress)
    rng = np.random.default_rng(seed)

    clock.enter("selection", f"{instance.n_people} participants, {instance.n_pairs} pairs")
    side = two_colouring(instance, np.flatnonzero(instance.feasible_pairs()))
    relaxation = Relaxation.build(instance, side)
    bonuses = relaxation.lexicographic_bonuses()
    relaxed, selected = select(instance, relaxation, bonuses, clock)

    clock.enter("placement", f"{selected.size} meetings selected")
    slots = sweep(instance, selected, side, rng)

    clock.enter("repair")
    board = Board(instance)
    for e, t in zip(selected[slots >= 0].tolist(), slots[slots >= 0].tolist(), strict=True):
        board.place(e, t)
    repair(board, instance, selected[slots < 0])

    clock.enter("fill")
    fill(
        board,
        instance,
        clock.deadline(0.3),
        relaxed.floors if relaxed is not None and relaxed.exact else None,
    )

    # Compaction only swaps slots, so required pairs, floors and weight, and hence the bound, are
    # settled once the fill is done: bound first, then spend what time is left on idle slots.
    clock.enter("bound")

    def bound_of(pairs: np.ndarray, slots: np.ndarray, optimal: bool, share: float) -> Bound:
        quality = measure(instance, pairs, slots)
        return upper_bound(
            relaxation,
            relaxed,
            bonuses,
            required=quality.required_scheduled,
            floors=int(np.minimum(meetings_per_person(instance, pairs), instance.min_meetings).sum()),
            weight=quality.weight,
            optimal=optimal,
            deadline=clock.deadline(share),
        )

    bound = bound_of(*placed(board), False, 0.5)

    clock.enter("compaction")
    compact(board, rng, deadline=clock.deadline(0.85))
    pairs, slots = placed(board)

    weight_optimal = stage_one_optimal(instance, relaxation, relaxed, bonuses, pairs, bound)
    idle_optimal = weight_optimal and measure(instance, pairs, slots).idle_slots == 0
    small = (
        instance.n_people <= EXACT_MAX_PEOPLE and int(instance.common_slots().sum()) <= EXACT_MAX_VARIABLES
    )
    if small and not idle_optimal and clock.left() > 0.5:
        clock.enter("exact")
        from .exact import solve_exact

        exact = solve_exact(
            instance, pairs, slots, time_limit=clock.left() * 0.9, seed=seed, stage_one_proven=weight_optimal
        )
        if exact is not None:
            pairs, slots = exact.pairs, exact.slots
            weight_optimal, idle_optimal = exact.weight_optimal, exact.idle_optimal
            clock.enter("bound")
            bound = bound_of(pairs, slots, weight_optimal, 0.9)

    clock.enter("done")
    host = (
        np.where(side[instance.pair_b[pairs]] == 1, instance.pair_b[pairs], instance.pair_a[pairs])
        if side is not None
        else instance.pair_b[pairs]
    )
    tables, rooms = number_places(instance, pairs, slots, host)
    stats = describe(instance, pairs, slots, bound, clock, seed=seed)
    if instance.online_rooms:
        stats["online_meetings"] = 0 if rooms is None else int((rooms > 0).sum())
    stats["proven_optimal"] = {"weight": weight_optimal, "idle_slots": idle_optimal}
    stats["bipartite"] = side is not None
    return Schedule(instance=instance, pairs=pairs, slots=slots, tables=tables, stats=stats, rooms=rooms)


def describe(
    instance: Instance, pairs: np.ndarray, slots: np.ndarray, bound: Bound, clock: Clock, *, seed: int
) -> dict:
    """The schedule's stats block: the spec's fields (quality.summary), the bound and its gap, the
    floors bound, and the seconds spent in each phase."""
    stats = summary(instance, pairs, slots)
    weight = float(instance.weight[pairs].sum())
    upper = math.ceil(max(bound.weight, weight) * 1e6) / 1e6
    stats["upper_bound"] = upper
    stats["bound_gap"] = round(max(0.0, 1 - weight / upper), 6) if upper > 0 else 0.0
    stats["floors_upper_bound"] = bound.floors
    stats["seed"] = seed
    stats["seconds"] = round(time.monotonic() - clock.start, 3)
    stats["phase_seconds"] = clock.phases
    return stats
