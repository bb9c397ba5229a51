"""The selection relaxation: which pairs to meet, forgetting when.

Every valid schedule's meetings form a b-matching of the feasible pairs in which a participant has at
most degree_cap = min(max_meetings, available slots) meetings and the round has at most
`table_budget` meetings in all. Maximising

    weight + required_bonus * (required pairs) + floor_bonus * sum_p min(meetings_p, min_meetings_p)

over that set is a min-cost flow when the pairs are bipartite (source -> one side -> pair -> other side
-> sink, each person's floor as a cheaper parallel arc). Otherwise its LP relaxation (fractional
b-matching) is solved exactly as a min-cost flow on the bipartite double cover, whose optimum is twice
the LP's; both flows run under a deadline (flow.py). With large bonuses it
selects meetings in the spec's order of quality; with any bonuses >= 0 its optimum minus the bonuses
at the schedule's own required count and floors is a proven upper bound on the weight of any schedule
at least as good on those two (a Lagrangian bound), see bound.py.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .flow import Network, solve_min_cost_flow
from .instance import Instance

WEIGHT_UNITS = 1_000_000


@dataclass(frozen=True)
class Scaling:
    """Weights as integers for the flow: ceil(weight * factor), so integer optima never undershoot."""

    factor: float
    units: np.ndarray  # int64[n_pairs]

    @classmethod
    def of(cls, instance: Instance) -> Scaling:
        top = float(instance.weight.max()) if instance.n_pairs else 0.0
        factor = WEIGHT_UNITS / top if top > 0 else 1.0
        return cls(factor=factor, units=np.ceil(instance.weight * factor - 1e-9).astype(np.int64))


def table_budget(instance: Instance, side: np.ndarray | None) -> int:
    """Most meetings the round can hold: per slot, the tables, and the people free then (one side of
    a bipartite round each, or half of everybody)."""
    active = instance.available & (instance.degree_cap() > 0)[:, None]
    if side is not None:
        per_slot = np.minimum(active[side == 0].sum(axis=0), active[side == 1].sum(axis=0))
    else:
        per_slot = active.sum(axis=0) // 2
    tables = instance.slot_tables()
    if tables is not None:
        # A hybrid slot holds its tables' meetings and its rooms' on top: a looser cap, still valid.
        rooms = np.maximum(np.asarray(instance.slot_rooms(), dtype=np.int64), 0) if instance.hybrid else 0
        per_slot = np.minimum(per_slot, np.maximum(tables, 0) + rooms)
    return int(per_slot.sum())


@dataclass(frozen=True)
class Relaxed:
    """An optimum of the relaxation for given bonuses: objective in scaled units, the pair values
    (0/1 from the flow, fractional from the LP), and the required count and floors it reaches."""

    objective: float
    values: np.ndarray
    required: float
    floors: float
    exact: bool  # integral optimum (flow) rather than an LP value


@dataclass
class Relaxation:
    instance: Instance
    side: np.ndarray | None
    scaling: Scaling
    budget: int
    candidates: np.ndarray  # indices of feasible pairs

    @classmethod
    def build(cls, instance: Instance, side: np.ndarray | None) -> Relaxation:
        return cls(
            instance=instance,
            side=side,
            scaling=Scaling.of(instance),
            budget=table_budget(instance, side),
            candidates=np.flatnonzero(instance.feasible_pairs()),
        )

    def lexicographic_bonuses(self) -> tuple[int, int]:
        """Bonuses (required, floor) for selection: the exact ones when costs times the node count fit
        OR-Tools' 64-bit arithmetic; otherwise bonuses large enough that the relaxation still ranks
        required pairs, then floors, then weight in all but contrived cases (an exchange would have
        to reroute thousands of meetings to trade one floor for weight)."""
        inst = self.instance
        nodes = inst.n_people + 3 if self.side is not None else 2 * inst.n_people + 3  # double cover
        limit = 2**62 // (4 * nodes)
        exact = self.exact_bonuses()
        if sum(exact) + int(self.scaling.units.max(initial=0)) <= limit:
            return exact
        top = int(self.scaling.units.max(initial=0)) + 1
        reach = min(inst.n_people + 1, 4096)
        has_floors = bool(inst.min_meetings.any())
        floor_bonus = top * reach if has_floors else 0
        required_bonus = 0
        if inst.required.any():
            required_bonus = floor_bonus * (int(inst.min_meetings.sum()) + 2) if has_floors else top * reach
        if required_bonus + floor_bonus + top > limit:
            shrink = limit / (required_bonus + floor_bonus + top)
            floor_bonus, required_bonus = int(floor_bonus * shrink), int(required_bonus * shrink)
        return required_bonus, floor_bonus

    def exact_bonuses(self) -> tuple[int, int]:
        """Bonuses that make the ranking strictly lexicographic: one floor outweighs all weight, one
        required pair outweighs all floors and weight. Used whenever they fit in 64-bit costs."""
        inst = self.instance
        total = int(self.scaling.units[self.candidates].sum()) + 1
        floor_bonus = total if inst.min_meetings.any() else 0
        floors = int(np.minimum(inst.min_meetings, inst.degree_cap()).sum())
        required_bonus = floor_bonus * (floors + 1) + total if inst.required.any() else 0
        return required_bonus, floor_bonus

    def objective_of(
        self, chosen: np.ndarray, units: np.ndarray, required_bonus: float, floor_bonus: float
    ) -> tuple[float, int, int]:
        """(objective, required count, floors met) of an integral choice of pairs."""
        inst = self.instance
        meetings = np.bincount(inst.pair_a[chosen], minlength=inst.n_people) + np.bincount(
            inst.pair_b[chosen], minlength=inst.n_people
        )
        required = int(inst.required[chosen].sum())
        floors = int(np.minimum(meetings, inst.min_meetings).sum())
        weight = int(units[chosen].sum())
        return weight + required_bonus * required + floor_bonus * floors, required, floors

    def trivial_bound(self) -> float:
        """The weights of the best `cap`-many pairs around each participant, halved (every meeting is
        counted from both of its sides), or of the best `budget`-many pairs, whichever is smaller.
        Holds for every valid schedule and needs no solver, for when time has run out."""
        inst = self.instance
        pairs = self.candidates
        order = pairs[np.argsort(-inst.weight[pairs], kind="stable")]
        total = 0.0
        for ends in (inst.pair_a[order], inst.pair_b[order]):
            rank = np.empty(order.size, dtype=np.int64)
            by_person = np.argsort(ends, kind="stable")
            starts = np.searchsorted(ends[by_person], ends[by_person])
            rank[by_person] = np.arange(order.size) - starts
            total += float(inst.weight[order][rank < inst.degree_cap()[ends]].sum())
        return min(total / 2, float(inst.weight[order][: max(self.budget, 0)].sum()))

    def solve(
        self,
        required_bonus: float,
        floor_bonus: float,
        *,
        weighted: bool = True,
        time_limit: float | None = None,
    ) -> Relaxed | None:
        """Optimum of weight (if weighted) + bonuses; None if the solver did not finish in time."""
        units = self.scaling.units if weighted else np.zeros_like(self.scaling.units)
        if self.side is not None:
            return self._solve_flow(units, int(required_bonus), int(floor_bonus), time_limit)
        return self._solve_double_cover(units, int(required_bonus), int(floor_bonus), time_limit)

    def _solve_flow(
        self, units: np.ndarray, required_bonus: int, floor_bonus: int, time_limit: float | None
    ) -> Relaxed | None:
        inst, side, pairs = self.instance, self.side, self.candidates
        n = inst.n_people
        source, sink, drain = n, n + 1, n + 2
        cap = inst.degree_cap()
        floor = np.minimum(inst.min_meetings, cap)
        left = np.flatnonzero((side == 0) & (cap > 0))
        right = np.flatnonzero((side == 1) & (cap > 0))
        a, b = inst.pair_a[pairs], inst.pair_b[pairs]
        tail = np.where(side[a] == 0, a, b)
        head = np.where(side[a] == 0, b, a)
        pair_cost = -(units[pairs] + required_bonus * inst.required[pairs])
        lf, rf = left[floor[left] > 0], right[floor[right] > 0]
        budget = self.budget
        network = Network(
            tails=np.concatenate([np.full(lf.size + left.size, source), tail, rf, right, [sink, source]]),
            heads=np.concatenate([lf, left, head, np.full(rf.size + right.size, sink), [drain, drain]]),
            capacities=np.concatenate(
                [
                    floor[lf],
                    cap[left] - floor[left],
                    np.ones(pairs.size, np.int64),
                    floor[rf],
                    cap[right] - floor[right],
                    [budget, budget],
                ]
            ),
            costs=np.concatenate(
                [
                    np.full(lf.size, -floor_bonus),
                    np.zeros(left.size, np.int64),
                    pair_cost,
                    np.full(rf.size, -floor_bonus),
                    np.zeros(right.size + 2, np.int64),
                ]
            ),
            supply=np.concatenate([np.zeros(n, np.int64), [budget, 0, -budget]]),
        )
        flows = solve_min_cost_flow(network, time_limit=time_limit)
        if flows is None:
            return None
        first = lf.size + left.size
        chosen = pairs[flows[first : first + pairs.size] > 0]
        objective, required, floors = self.objective_of(chosen, units, required_bonus, floor_bonus)
        values = np.zeros(inst.n_pairs)
        values[chosen] = 1.0
        return Relaxed(
            objective=float(objective), values=values, required=required, floors=floors, exact=True
        )

    def _solve_double_cover(
        self, units: np.ndarray, required_bonus: int, floor_bonus: int, time_limit: float | None
    ) -> Relaxed | None:
        """The fractional b-matching LP of a non-bipartite round, solved exactly as a min-cost flow on
        its bipartite double cover: every participant p has a left copy p' and a right copy p'', each
        with p's cap and floor, and a pair {a, b} becomes the two arcs a' -> b'' and b' -> a''. A
        flow f gives x_e = (f(a'b'') + f(b'a''))/2, feasible for the LP (caps, floors by concavity of
        min, budget doubled); an LP solution x gives the flow x on both arcs. So half the flow's
        optimum is the LP optimum, and it is half-integral. Unlike an LP solver, the flow runs in a
        forked child with a deadline (flow.py), and in exact integer arithmetic."""
        inst, pairs = self.instance, self.candidates
        n = inst.n_people
        source, sink, drain = 2 * n, 2 * n + 1, 2 * n + 2
        cap = inst.degree_cap()
        floor = np.minimum(inst.min_meetings, cap)
        people = np.flatnonzero(cap > 0)
        floored = people[floor[people] > 0]
        a, b = inst.pair_a[pairs], inst.pair_b[pairs]
        gain = units[pairs] + required_bonus * inst.required[pairs].astype(np.int64)
        budget = 2 * self.budget
        network = Network(
            tails=np.concatenate(
                [np.full(floored.size + people.size, source), a, b, n + floored, n + people, [sink, source]]
            ),
            heads=np.concatenate(
                [floored, people, n + b, n + a, np.full(floored.size + people.size, sink), [drain, drain]]
            ),
            capacities=np.concatenate(
                [
                    floor[floored],
                    cap[people] - floor[people],
                    np.ones(2 * pairs.size, np.int64),
                    floor[floored],
                    cap[people] - floor[people],
                    [budget, budget],
                ]
            ),
            costs=np.concatenate(
                [
                    np.full(floored.size, -floor_bonus),
                    np.zeros(people.size, np.int64),
                    -gain,
                    -gain,
                    np.full(floored.size, -floor_bonus),
                    np.zeros(people.size + 2, np.int64),
                ]
            ),
            supply=np.concatenate([np.zeros(2 * n, np.int64), [budget, 0, -budget]]),
        )
        flows = solve_min_cost_flow(network, time_limit=time_limit)
        if flows is None:
            return None
        first = floored.size + people.size
        both = flows[first : first + pairs.size] + flows[first + pairs.size : first + 2 * pairs.size]
        lifted = int(flows[: floored.size].sum()) + int(flows[first + 2 * pairs.size :][: floored.size].sum())
        values = np.zeros(inst.n_pairs)
        values[pairs] = both / 2
        # Exact in Python integers, halved once at the end.
        doubled = int((both * units[pairs]).sum()) + required_bonus * int(both[inst.required[pairs]].sum())
        doubled += floor_bonus * lifted
        return Relaxed(
            objective=doubled / 2,
            values=values,
            required=float(both[inst.required[pairs]].sum()) / 2,
            floors=lifted / 2,
            exact=False,
        )
