"""Placing a selection of meetings in slots, one slot at a time.

Sweeping the slots in time order, each slot takes a maximum-priority matching of the meetings still
to place whose two sides are free then, at most `tables` of them. The priority carries the constructive
proof of König's theorem: a participant whose remaining meetings equal the available slots left is
*critical* and must meet now; in a bipartite graph some matching covers every critical vertex, so with
everybody always available and tables not binding the sweep places every meeting of a selection whose
degrees fit the slots. Availability windows and table limits break that guarantee, so the priority
also weighs how pressed each side is (meetings left per slot left); and to keep days compact it
favours people who met in the previous slot of the same day and disfavours reopening a day's gap.
Bipartite slots are matched exactly with a small min-cost flow; other rounds greedily by priority.
"""

from __future__ import annotations

import numpy as np

from .flow import Network, solve_min_cost_flow
from .instance import Instance

CRITICAL = 1500.0
PRESSURE = 300.0
CONTINUING = 200.0
REOPENING = 150.0
MEETING = 1000.0
REQUIRED = 4000.0


def sweep_order(instance: Instance) -> np.ndarray:
    """Slots in the order the sweep fills them: day by day, each day from its middle outwards
    (middle, one before, one after, ...). Blocks of meetings then grow around the middle of the
    day, so a participant held to a morning ends up next to its afternoon instead of far from it."""
    order = []
    for lo, hi in instance.day_ranges():
        middle = (lo + hi) // 2
        for k in range(hi - lo):
            t = middle - (k + 1) // 2 if k % 2 else middle + k // 2
            order.append(t)
    return np.asarray(order, dtype=np.int64)


def slots_left(instance: Instance, order: np.ndarray) -> np.ndarray:
    """int32[n_people, n_slots]: available slots that the sweep visits after each slot."""
    in_order = instance.available[:, order]
    after = np.cumsum(in_order[:, ::-1], axis=1, dtype=np.int32)[:, ::-1] - in_order
    result = np.empty_like(after)
    result[:, order] = after
    return result


def _match_bipartite(u: np.ndarray, v: np.ndarray, priority: np.ndarray, limit: int) -> np.ndarray:
    """Indices of a max-priority matching with at most `limit` edges; u holds the left ends."""
    people, inverse = np.unique(np.r_[u, v], return_inverse=True)
    lu, rv = inverse[: u.size], inverse[u.size :]
    n, m = people.size, u.size
    source, sink, drain = n, n + 1, n + 2
    left, right = np.unique(lu), np.unique(rv)
    network = Network(
        tails=np.concatenate([np.full(left.size, source), lu, right, [sink, source]]),
        heads=np.concatenate([left, rv, np.full(right.size, sink), [drain, drain]]),
        capacities=np.concatenate([np.ones(left.size + m + right.size, np.int64), [limit, limit]]),
        costs=np.concatenate(
            [
                np.zeros(left.size, np.int64),
                -np.rint(priority * 16).astype(np.int64),
                np.zeros(right.size + 2, np.int64),
            ]
        ),
        supply=np.concatenate([np.zeros(n, np.int64), [limit, 0, -limit]]),
    )
    flows = solve_min_cost_flow(network)
    if flows is None:
        return _match_greedy(u, v, priority, limit)
    return np.flatnonzero(flows[left.size : left.size + m] > 0)


def _match_greedy(u: np.ndarray, v: np.ndarray, priority: np.ndarray, limit: int) -> np.ndarray:
    taken: set[int] = set()
    chosen: list[int] = []
    for i in np.argsort(-priority, kind="stable").tolist():
        x, y = int(u[i]), int(v[i])
        if x in taken or y in taken:
            continue
        taken.add(x)
        taken.add(y)
        chosen.append(i)
        if len(chosen) >= limit:
            break
    return np.asarray(chosen, dtype=np.int64)


def _within_ways(
    chosen: np.ndarray, kind: np.ndarray, priority: np.ndarray, tables: int, rooms: int
) -> np.ndarray:
    """The matching's meetings that a hybrid slot can hold, by priority: at most `tables` that must
    be at a table, at most `rooms` that must be online, and tables + rooms in all. The others wait
    for a later slot (or the repair)."""
    kept: list[int] = []
    table_only = room_only = 0
    for i in np.argsort(-priority, kind="stable").tolist():
        k = int(kind[chosen[i]])
        if k == 0 and table_only >= tables or k == 1 and room_only >= rooms:
            continue
        table_only += k == 0
        room_only += k == 1
        kept.append(int(chosen[i]))
    return np.asarray(sorted(kept), dtype=np.int64)


def sweep(
    instance: Instance, pairs: np.ndarray, side: np.ndarray | None, rng: np.random.Generator
) -> np.ndarray:
    """int64[len(pairs)]: the slot of each selected pair, -1 where the sweep could not place it."""
    n = instance.n_people
    avail = instance.available
    order = sweep_order(instance)
    after = slots_left(instance, order)
    day = instance.slot_day
    ends_a, ends_b = instance.pair_a[pairs], instance.pair_b[pairs]
    if side is not None:
        flip = side[ends_a] == 1
        ends_a, ends_b = np.where(flip, ends_b, ends_a), np.where(flip, ends_a, ends_b)
    slot = np.full(pairs.size, -1, dtype=np.int64)
    remaining = np.bincount(ends_a, minlength=n) + np.bincount(ends_b, minlength=n)
    busy = np.zeros((n, instance.n_slots + 2), dtype=bool)  # column t + 1 is slot t, with margins
    met_today = np.zeros(n, dtype=bool)
    jitter = rng.random(pairs.size)
    per_slot = instance.slot_tables()
    tables = [pairs.size] * instance.n_slots if per_slot is None else per_slot.tolist()
    kind = instance.pair_kind()[pairs] if instance.hybrid else None
    if kind is not None:
        table_limit = [max(0, k) for k in tables]
        room_limit = [max(0, k) for k in instance.slot_rooms()]
        tables = [k + r for k, r in zip(table_limit, room_limit, strict=True)]
    for i, t in enumerate(order.tolist()):
        if i == 0 or day[t] != day[order[i - 1]]:
            met_today[:] = False
        waiting = np.flatnonzero(slot < 0)
        if waiting.size == 0:
            break
        waiting = waiting[avail[ends_a[waiting], t] & avail[ends_b[waiting], t]]
        if waiting.size == 0 or tables[t] <= 0:
            continue
        u, v = ends_a[waiting], ends_b[waiting]
        priority = MEETING + REQUIRED * instance.required[pairs[waiting]] + jitter[waiting]
        before_ok = t > 0 and day[t - 1] == day[t]
        after_ok = t + 1 < instance.n_slots and day[t + 1] == day[t]
        for p in (u, v):
            left = after[p, t]
            continuing = (before_ok & busy[p, t]) | (after_ok & busy[p, t + 2])
            priority += (
                CRITICAL * (remaining[p] > left)
                + PRESSURE * remaining[p] / (left + 1)
                + CONTINUING * continuing
                - REOPENING * (met_today[p] & ~continuing)
            )
        limit = min(tables[t], waiting.size)
        if side is not None:
            chosen = waiting[_match_bipartite(u, v, priority, limit)]
        else:
            chosen = waiting[_match_greedy(u, v, priority, limit)]
        if kind is not None:
            chosen = _within_ways(
                chosen,
                kind,
                priority[np.searchsorted(waiting, chosen)],
                table_limit[t],
                room_limit[t],
            )
        slot[chosen] = t
        for p in (ends_a[chosen], ends_b[chosen]):
            remaining[p] -= 1
            busy[p, t + 1] = True
            met_today[p] = True
    return slot
