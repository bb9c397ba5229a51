"""The exact time-indexed model for small rounds (CP-SAT), after Bofill et al. (CP 2014, JAIR 2022).

x[e, t] says pair e meets in slot t. Stage 1 maximises required pairs, then floors, then weight, as
one objective with dominating coefficients. Stage 2 fixes that objective and minimises idle slots
("holes"): per participant and day, b[p, t] (a meeting at or before t) and f[p, t] (at or after t) are
monotone chains, and slot t is idle when b and f hold and m[p, t] = sum_e x[e, t] does not. The
implied constraint "slots used = meetings held" ties the per-slot indicators to the degree, and the
heuristic schedule is the hint. A status of OPTIMAL in a stage proves that stage's order of quality.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .instance import Instance
from .quality import measure


@dataclass(frozen=True)
class ExactResult:
    pairs: np.ndarray
    slots: np.ndarray
    weight_optimal: bool  # required, floors and weight proven lexicographically optimal
    idle_optimal: bool  # and, with those fixed, idle slots proven minimal


def integer_weights(weight: np.ndarray) -> np.ndarray:
    top = float(weight.max(initial=0.0))
    factor = 1e6 if top <= 1e3 else 1e9 / top
    return np.rint(weight * factor).astype(np.int64)


def add_way_limits(
    model: cp_model.CpModel, instance: Instance, per_slot: dict[int, list], pair_of: dict
) -> None:
    """A hybrid slot's capacity: table-only meetings <= tables, online-only <= rooms, all of them
    <= tables + rooms (the either-way meetings take what is left; see board.SlotCapacity)."""
    kind = instance.pair_kind()
    per_table = instance.slot_tables()
    per_room = instance.slot_rooms()
    for t, vars_ in per_slot.items():
        tables = None if per_table is None else max(0, int(per_table[t]))
        rooms = max(0, per_room[t])
        table_only = [v for v in vars_ if kind[pair_of[v.index]] == 0]
        room_only = [v for v in vars_ if kind[pair_of[v.index]] == 1]
        if tables is not None:
            model.add(sum(table_only) <= tables)
            model.add(sum(vars_) <= tables + rooms)
        model.add(sum(room_only) <= rooms)


def solve_exact(
    instance: Instance,
    pairs: np.ndarray,
    slots: np.ndarray,
    *,
    time_limit: float,
    seed: int,
    stage_one_proven: bool = False,
) -> ExactResult | None:
    """Improve (pairs, slots) with CP-SAT. `stage_one_proven` says the relaxation already proved the
    heuristic's required count, floors and weight optimal, so only idle slots remain to minimise."""
    deadline = time.monotonic() + time_limit
    if stage_one_proven and measure(instance, pairs, slots).idle_slots == 0:
        return ExactResult(pairs, slots, True, True)
    model = cp_model.CpModel()
    n = instance.n_people
    avail = instance.available
    feasible = np.flatnonzero(instance.feasible_pairs())
    hint = dict(zip(pairs.tolist(), slots.tolist(), strict=True))
    x: dict[tuple[int, int], cp_model.IntVar] = {}
    at: dict[tuple[int, int], list] = {}
    by_person: dict[int, list] = {p: [] for p in range(n)}
    per_slot: dict[int, list] = {}
    kind_of: dict[int, int] = {}  # variable index -> pair, for a hybrid round's per-way limits
    met = {}
    for e in feasible.tolist():
        a, b = int(instance.pair_a[e]), int(instance.pair_b[e])
        options = np.flatnonzero(avail[a] & avail[b]).tolist()
        chosen = []
        for t in options:
            var = model.new_bool_var(f"x{e}_{t}")
            model.add_hint(var, hint.get(e) == t)
            x[e, t] = var
            chosen.append(var)
            at.setdefault((a, t), []).append(var)
            at.setdefault((b, t), []).append(var)
            per_slot.setdefault(t, []).append(var)
            kind_of[var.index] = e
        met[e] = sum(chosen)
        model.add(met[e] <= 1)
        by_person[a].append(e)
        by_person[b].append(e)
    degree = {}
    for p, incident in by_person.items():
        if not incident:
            continue
        degree[p] = sum(met[e] for e in incident)
        model.add(degree[p] <= int(instance.max_meetings[p]))
    for (_p, _t), vars_ in at.items():
        model.add_at_most_one(vars_)
    tables = instance.slot_tables()
    if instance.hybrid:
        add_way_limits(model, instance, per_slot, kind_of)
    elif tables is not None:
        for t, vars_ in per_slot.items():
            model.add(sum(vars_) <= max(0, int(tables[t])))
    floors = []
    for p, low in enumerate(instance.min_meetings.tolist()):
        if low and p in degree:
            f = model.new_int_var(0, low, f"floor{p}")
            model.add(f <= degree[p])
            floors.append(f)
    w = integer_weights(instance.weight)
    weight_term = sum(int(w[e]) * met[e] for e in feasible.tolist())
    floor_big = int(w[feasible].sum()) + 1
    required_big = floor_big * (int(instance.min_meetings.sum()) + 1)
    required_term = sum(met[e] for e in feasible.tolist() if instance.required[e])
    stage_one = required_big * required_term + floor_big * sum(floors) + weight_term
    model.maximize(stage_one)

    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 2
    solver.parameters.interleave_search = True
    if stage_one_proven:
        weight_optimal, best = True, (pairs, slots)
        meetings = np.bincount(np.r_[instance.pair_a[pairs], instance.pair_b[pairs]], minlength=n)
        value = (
            required_big * int(instance.required[pairs].sum())
            + floor_big * int(np.minimum(meetings, instance.min_meetings).sum())
            + int(w[pairs].sum())
        )
    else:
        solver.parameters.max_time_in_seconds = max(0.1, time_limit * 0.4)
        status = solver.solve(model)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            return None
        weight_optimal = status == cp_model.OPTIMAL
        value = int(solver.objective_value)
        best = _extract(solver, x)

    if instance.n_days == 1:
        stage_one_terms = (required_big, floor_big, w, value)
        result = single_day_idle(instance, feasible, stage_one_terms, best, deadline=deadline, seed=seed)
        if result is not None:
            found = ExactResult(result[0], result[1], weight_optimal, result[2] and weight_optimal)
            return _better(instance, pairs, slots, found)

    # Stage 2: keep stage 1 at its value, minimise idle slots.
    model.clear_objective()
    model.add(stage_one >= value)
    model.clear_hints()
    placed = dict(zip(best[0].tolist(), best[1].tolist(), strict=True))
    for (e, t), var in x.items():
        model.add_hint(var, placed.get(e) == t)
    idle_terms = []
    for p in degree:
        slots_p = np.flatnonzero(avail[p]).tolist()
        m = {t: sum(at.get((p, t), [])) for t in slots_p}
        model.add(sum(m.values()) == degree[p])  # slots used = meetings held
        for lo, hi in instance.day_ranges():
            day = [t for t in slots_p if lo <= t < hi]
            if len(day) < 3:
                continue
            before, after = {}, {}
            previous = None
            for t in day:
                var = model.new_bool_var("")
                model.add(var >= m[t])
                if previous is not None:
                    model.add(var >= previous)
                    model.add(var <= previous + m[t])
                else:
                    model.add(var <= m[t])
                before[t], previous = var, var
            previous = None
            for t in reversed(day):
                var = model.new_bool_var("")
                model.add(var >= m[t])
                if previous is not None:
                    model.add(var >= previous)
                    model.add(var <= previous + m[t])
                else:
                    model.add(var <= m[t])
                after[t], previous = var, var
            for t in day[1:-1]:
                hole = model.new_bool_var("")
                model.add(hole >= before[t] + after[t] - 1 - m[t])
                idle_terms.append(hole)
    model.minimize(sum(idle_terms))
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    status = solver.solve(model)
    idle_optimal = False
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best = _extract(solver, x)
        idle_optimal = status == cp_model.OPTIMAL and weight_optimal
    return _better(instance, pairs, slots, ExactResult(best[0], best[1], weight_optimal, idle_optimal))


def _better(instance: Instance, pairs: np.ndarray, slots: np.ndarray, found: ExactResult) -> ExactResult:
    """The CP-SAT result unless (time having run out) the heuristic schedule is better."""
    ours = measure(instance, pairs, slots)
    theirs = measure(instance, found.pairs, found.slots)
    if theirs.key() < ours.key():
        return ExactResult(pairs, slots, found.weight_optimal and theirs.key()[:3] == ours.key()[:3], False)
    return found


def single_day_idle(
    instance: Instance,
    feasible: np.ndarray,
    stage_one: tuple[int, int, np.ndarray, int],
    hint: tuple[np.ndarray, np.ndarray],
    *,
    deadline: float,
    seed: int,
) -> tuple[np.ndarray, np.ndarray, bool] | None:
    """Stage 2 for one-day rounds as an integer model, far stronger than the time-indexed one.

    y_e is the slot of pair e, or the pair's own negative sentinel -(e+1) when it does not meet, so
    that one all-different per participant says "one meeting per slot". A participant's meetings lie
    in [first_p, last_p], and its idle slots are the available slots in that span minus its meetings,
    counted through an element constraint on the prefix sums of its availability. The stage-1 value
    (required_big, floor_big, integer weights, value) must be kept. Returns (pairs, slots, optimal)."""
    required_big, floor_big, w, value = stage_one
    model = cp_model.CpModel()
    avail = instance.available
    hinted = dict(zip(hint[0].tolist(), hint[1].tolist(), strict=True))
    y, met = {}, {}
    mine: dict[int, list[int]] = {}
    pair_of: dict[int, int] = {}
    tables = instance.slot_tables()
    for e in feasible.tolist():
        p, q = int(instance.pair_a[e]), int(instance.pair_b[e])
        options = np.flatnonzero(avail[p] & avail[q]).tolist()
        y[e] = model.new_int_var_from_domain(cp_model.Domain.from_values([-(e + 1), *options]), f"y{e}")
        met[e] = model.new_bool_var(f"met{e}")
        model.add(y[e] >= 0).only_enforce_if(met[e])
        model.add(y[e] < 0).only_enforce_if(~met[e])
        model.add_hint(y[e], hinted.get(e, -(e + 1)))
        model.add_hint(met[e], e in hinted)
        mine.setdefault(p, []).append(e)
        mine.setdefault(q, []).append(e)
        if tables is not None or instance.hybrid:
            for t in options:
                at_t = model.new_bool_var("")
                model.add(y[e] == t).only_enforce_if(at_t)
                model.add(y[e] != t).only_enforce_if(~at_t)
                mine.setdefault(-(t + 1), []).append(at_t)  # negative keys: slot t's meetings
                pair_of[at_t.index] = e
    if instance.hybrid:
        add_way_limits(model, instance, {-key - 1: v for key, v in mine.items() if key < 0}, pair_of)
    elif tables is not None:
        for key, vars_ in mine.items():
            if key < 0:
                model.add(sum(vars_) <= max(0, int(tables[-key - 1])))
    floors = []
    idle = []
    for p, incident in mine.items():
        if p < 0:
            continue
        model.add_all_different([y[e] for e in incident])
        held = sum(met[e] for e in incident)
        model.add(held <= int(instance.max_meetings[p]))
        if instance.min_meetings[p]:
            f = model.new_int_var(0, int(instance.min_meetings[p]), "")
            model.add(f <= held)
            floors.append(f)
        if len(incident) < 2:
            continue
        usable = np.flatnonzero(avail[p]).tolist()
        prefix = np.cumsum(avail[p]).tolist()  # available slots up to and including t
        first = model.new_int_var_from_domain(cp_model.Domain.from_values(usable), "")
        last = model.new_int_var_from_domain(cp_model.Domain.from_values(usable), "")
        for e in incident:
            model.add(first <= y[e]).only_enforce_if(met[e])
            model.add(last >= y[e]).only_enforce_if(met[e])
        upto_last = model.new_int_var(0, len(usable), "")
        upto_first = model.new_int_var(0, len(usable), "")
        model.add_element(last, prefix, upto_last)
        model.add_element(first, prefix, upto_first)
        gap = model.new_int_var(0, len(usable), "")
        active = model.new_bool_var("")
        model.add(held >= 1).only_enforce_if(active)
        model.add(held == 0).only_enforce_if(~active)
        model.add(gap >= upto_last - upto_first + 1 - held).only_enforce_if(active)
        model.add(upto_last - upto_first + 1 >= held)
        idle.append(gap)
    required_term = sum(met[e] for e in feasible.tolist() if instance.required[e])
    weight_term = sum(int(w[e]) * met[e] for e in feasible.tolist())
    model.add(required_big * required_term + floor_big * sum(floors) + weight_term >= value)
    model.minimize(sum(idle))
    solver = cp_model.CpSolver()
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 2
    solver.parameters.interleave_search = True
    solver.parameters.max_time_in_seconds = max(0.1, deadline - time.monotonic())
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    chosen = [e for e in feasible.tolist() if solver.value(y[e]) >= 0]
    pairs = np.asarray(chosen, dtype=np.int64)
    slots = np.asarray([solver.value(y[e]) for e in chosen], dtype=np.int64)
    return pairs, slots, status == cp_model.OPTIMAL


def _extract(solver: cp_model.CpSolver, x: dict) -> tuple[np.ndarray, np.ndarray]:
    chosen = [(e, t) for (e, t), var in x.items() if solver.boolean_value(var)]
    pairs = np.asarray([e for e, _ in chosen], dtype=np.int64)
    slots = np.asarray([t for _, t in chosen], dtype=np.int64)
    return pairs, slots
