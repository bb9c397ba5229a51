import time

import numpy as np
import pytest

from tradefair.engine import flow, parse_instance, solve
from tradefair.engine.bound import upper_bound
from tradefair.engine.graph import two_colouring
from tradefair.engine.relaxation import Relaxation
from tradefair.engine.solver import greedy_selection

from .factories import instance


def bipartite_round(tables=None, floors=0, required=False) -> dict:
    people = [{"max_meetings": 2, "min_meetings": floors} for _ in range(6)] + [
        {"max_meetings": 3} for _ in range(3)
    ]
    pairs = [
        (b, 6 + (b + k) % 3, float((3 * b + k) % 5 + 1), required and k == 0)
        for b in range(6)
        for k in range(2)
    ]
    return instance(people, pairs, n_slots=3, tables=tables)


def test_the_forked_flow_agrees_with_the_in_process_one(monkeypatch):
    round_ = parse_instance(bipartite_round(tables=2))
    relaxation = Relaxation.build(round_, two_colouring(round_, np.arange(round_.n_pairs)))
    here = relaxation.solve(0, 0)
    monkeypatch.setattr(flow, "FORK_FROM_ARCS", 0)
    forked = relaxation.solve(0, 0, time_limit=30)
    assert forked.objective == here.objective and forked.values.tolist() == here.values.tolist()


def test_a_flow_that_misses_its_deadline_falls_back(monkeypatch):
    round_ = parse_instance(bipartite_round())
    # Forked flows (selection, bounds) stall; the per-slot matchings run in process and still work.
    monkeypatch.setattr(flow, "_child", lambda network, connection: time.sleep(5))
    monkeypatch.setattr(flow, "FORK_FROM_ARCS", 0)
    start = time.monotonic()
    schedule = solve(round_, time_limit=1, seed=0)
    assert time.monotonic() - start < 2
    assert schedule.stats["meetings"] > 0  # greedy selection, trivial bound
    assert schedule.stats["weight"] <= schedule.stats["upper_bound"]


@pytest.mark.parametrize("tables", [None, 1, 2])
def test_the_table_budget_binds_the_bound(tables):
    schedule = solve(parse_instance(bipartite_round(tables=tables)), time_limit=5, seed=0)
    assert schedule.stats["bound_gap"] == pytest.approx(0.0, abs=1e-6)
    if tables is not None:
        assert schedule.stats["meetings"] <= 3 * tables


def test_floors_bound_counts_at_most_the_floors_there_are():
    schedule = solve(parse_instance(bipartite_round(tables=1, floors=1)), time_limit=5, seed=0)
    assert schedule.stats["floors_met"] == 3  # one table, three slots
    assert schedule.stats["floors_upper_bound"] == 3


def odd_round(floors=1) -> dict:
    """A non-bipartite round (triangles) with floors: selection is the double-cover flow."""
    people = [{"max_meetings": 2, "min_meetings": floors} for _ in range(9)]
    pairs = [(3 * k + i, 3 * k + (i + 1) % 3, float(i + k + 1) / 4) for k in range(3) for i in range(3)]
    pairs += [(0, 3, 0.5), (4, 8, 1.5), (2, 7, 0.25)]
    return instance(people, pairs, n_slots=3, tables=2)


@pytest.mark.parametrize("make", [lambda: bipartite_round(tables=1, floors=1, required=True), odd_round])
def test_a_schedule_short_of_the_relaxation_keeps_a_bound_on_weight(make):
    # Regression: with floors (and required pairs) the lexicographic relaxation's bonuses leaked into
    # stats.upper_bound whenever the schedule missed a floor the relaxation met and no time was left
    # to search smaller multipliers (423,962,797 against a weight of 31,581 on the platform round).
    round_ = parse_instance(make())
    relaxation = Relaxation.build(round_, two_colouring(round_, np.arange(round_.n_pairs)))
    bonuses = relaxation.lexicographic_bonuses()
    lexicographic = relaxation.solve(*bonuses)
    assert lexicographic.floors > 0
    bound = upper_bound(
        relaxation,
        lexicographic,
        bonuses,
        required=0,
        floors=0,
        weight=0.0,
        optimal=False,
        deadline=time.monotonic() - 1,  # no time for the multiplier search
    )
    best = solve(round_, time_limit=5, seed=0).stats["weight"]
    assert best <= bound.weight <= float(round_.weight.sum()) + 1e-9


@pytest.mark.parametrize("make", [lambda: bipartite_round(floors=1, required=True), odd_round])
def test_the_reported_bound_is_on_weight_only(make):
    round_ = parse_instance(make())
    stats = solve(round_, time_limit=5, seed=0).stats
    assert stats["weight"] <= stats["upper_bound"] <= float(round_.weight.sum()) + 1e-6


def test_the_double_cover_flow_is_the_fractional_b_matching_lp():
    # A triangle with caps 1: the LP takes every edge at 1/2 (1.5 in all), which no matching reaches.
    people = [{"max_meetings": 1} for _ in range(3)]
    round_ = parse_instance(instance(people, [(0, 1, 1.0), (1, 2, 1.0), (0, 2, 1.0)], n_slots=3))
    relaxation = Relaxation.build(round_, None)
    relaxed = relaxation.solve(0, 0)
    assert relaxed.values.tolist() == [0.5, 0.5, 0.5]
    assert relaxed.objective / relaxation.scaling.factor == pytest.approx(1.5)


def test_a_non_bipartite_selection_that_misses_its_deadline_falls_back(monkeypatch):
    # Regression: non-bipartite selection was an LP with no time limit (568 s on the platform round
    # with time_limit=60); it is now a forked flow, killed at its deadline like the bipartite one.
    round_ = parse_instance(odd_round())
    assert two_colouring(round_, np.arange(round_.n_pairs)) is None
    monkeypatch.setattr(flow, "_child", lambda network, connection: time.sleep(5))
    monkeypatch.setattr(flow, "FORK_FROM_ARCS", 0)
    start = time.monotonic()
    schedule = solve(round_, time_limit=1, seed=0)
    assert time.monotonic() - start < 2
    assert schedule.stats["meetings"] > 0
    assert schedule.stats["weight"] <= schedule.stats["upper_bound"] <= float(round_.weight.sum()) + 1e-6


def test_the_greedy_fallback_selection_lifts_floors_before_weight():
    people = [{"max_meetings": 1}, {"max_meetings": 1}] + [{"max_meetings": 1, "min_meetings": 1}] * 2
    round_ = parse_instance(instance(people, [(0, 1, 5.0), (1, 2, 1.0), (0, 3, 1.0)], n_slots=2))
    assert sorted(greedy_selection(round_, budget=10).tolist()) == [1, 2]
    assert greedy_selection(round_, budget=1).tolist() == [1]
