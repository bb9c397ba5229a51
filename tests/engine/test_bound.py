import time

import numpy as np
import pytest

from tradefair.engine import flow, parse_instance, solve
from tradefair.engine.graph import two_colouring
from tradefair.engine.relaxation import Relaxation

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
