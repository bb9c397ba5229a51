import itertools

import numpy as np
from hypothesis import HealthCheck, given, settings

from tradefair.engine import (
    first_come_first_served,
    parse_instance,
    schedule_to_dict,
    solve,
    validate_schedule,
)
from tradefair.engine.quality import measure

from .factories import instance, rounds

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(rounds())
def test_every_schedule_is_valid_and_within_its_bound(data):
    round_ = parse_instance(data)
    schedule = solve(round_, time_limit=5, seed=1)
    assert validate_schedule(round_, schedule_to_dict(schedule)) == []
    assert schedule.stats["weight"] <= schedule.stats["upper_bound"] + 1e-9


@FAST
@given(rounds(max_people=40, max_slots=6, bipartite=True, uniform=True, max_pairs=60))
def test_on_uniform_bipartite_rounds_every_selected_meeting_is_placed(data):
    round_ = parse_instance(data)
    schedule = solve(round_, time_limit=5, seed=0)
    # The bound is the best b-matching whose degrees fit the slots; König says all of it fits.
    assert schedule.stats["weight"] >= schedule.stats["upper_bound"] * (1 - 1e-6) - 1e-6


@FAST
@given(rounds())
def test_the_baseline_is_valid_too(data):
    round_ = parse_instance(data)
    assert validate_schedule(round_, schedule_to_dict(first_come_first_served(round_, seed=3))) == []


def brute_force(round_) -> tuple:
    """Best (required, -shortfall, weight, -idle) over every assignment of pairs to slots or none."""
    best = None
    options = [
        [-1, *np.flatnonzero(round_.available[a] & round_.available[b]).tolist()]
        for a, b in zip(round_.pair_a, round_.pair_b, strict=True)
    ]
    for choice in itertools.product(*options):
        pairs = np.asarray([e for e, t in enumerate(choice) if t >= 0], dtype=np.int64)
        slots = np.asarray([t for t in choice if t >= 0], dtype=np.int64)
        ends = np.r_[round_.pair_a[pairs], round_.pair_b[pairs]]
        if len(set(zip(ends.tolist(), np.r_[slots, slots].tolist(), strict=True))) < ends.size:
            continue
        if np.any(np.bincount(ends, minlength=round_.n_people) > round_.max_meetings):
            continue
        capacity = round_.slot_tables()
        if capacity is not None and np.any(np.bincount(slots, minlength=round_.n_slots) > capacity):
            continue
        key = measure(round_, pairs, slots).key()
        best = key if best is None or key > best else best
    return best


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds(max_people=5, max_slots=3, max_pairs=5))
def test_tiny_rounds_reach_the_brute_force_optimum(data):
    round_ = parse_instance(data)
    schedule = solve(round_, time_limit=10, seed=0)
    assert measure(round_, schedule.pairs, schedule.slots).key() == brute_force(round_)
    assert schedule.stats["proven_optimal"] == {"weight": True, "idle_slots": True}


def test_required_pairs_come_before_weight():
    # p0 can meet once: the required light pair beats the heavy optional one.
    data = instance(
        [{"max_meetings": 1}, {"max_meetings": 1}, {"max_meetings": 1}],
        [(0, 1, 9), (0, 2, 1, True)],
        n_slots=2,
    )
    schedule = solve(parse_instance(data), time_limit=5, seed=0)
    assert schedule.stats["required_scheduled"] == 1 and schedule.stats["weight"] == 1


def test_floors_come_before_weight():
    # p0 could take both heavy meetings, but p3's floor of one meeting ranks higher.
    people = [
        {"max_meetings": 2},
        {"max_meetings": 1},
        {"max_meetings": 1},
        {"max_meetings": 1, "min_meetings": 1},
    ]
    data = instance(people, [(0, 1, 5), (0, 2, 5), (2, 3, 1)], n_slots=2)
    schedule = solve(parse_instance(data), time_limit=5, seed=0)
    assert schedule.stats["floor_shortfall"] == 0 and schedule.stats["weight"] == 6


def test_idle_slots_count_only_available_slots_between_a_days_meetings():
    people = [{"max_meetings": 3, "available": ["s0", "s2", "s3", "s4"]}] + [{"max_meetings": 3}] * 3
    round_ = parse_instance(
        instance(people, [(0, 1, 1), (0, 2, 1), (0, 3, 1), (1, 2, 1), (1, 3, 1)], n_slots=6, days=2)
    )
    # Day one holds s0-s2, day two s3-s5. p0 meets at s0 and s2, but is not available at s1: no gap.
    assert measure(round_, np.array([0, 1]), np.array([0, 2])).idle_slots == 0
    # p0 meets at s0 (day one) and at s3, s4 (day two): nothing between meetings of one day.
    assert measure(round_, np.array([0, 1, 2]), np.array([0, 3, 4])).idle_slots == 0
    # p1 meets at s3 and s5 and is free at s4: one idle slot.
    assert measure(round_, np.array([3, 4]), np.array([3, 5])).idle_slots == 1


def test_a_seed_gives_the_same_schedule_twice():
    data = instance(
        [{"max_meetings": 2}] * 6,
        [(0, 3, 1), (0, 4, 2), (1, 4, 3), (1, 5, 1), (2, 5, 2), (2, 3, 1)],
        n_slots=3,
    )
    first = schedule_to_dict(solve(parse_instance(data), time_limit=5, seed=7))
    second = schedule_to_dict(solve(parse_instance(data), time_limit=5, seed=7))
    assert first["meetings"] == second["meetings"]


def test_a_small_forum_round_gets_every_required_meeting_and_proven_minimal_idle_slots():
    # Any-to-any, all pairs required, two participants only in the morning (s0-s2 of s0-s5).
    people = [{"max_meetings": 6, **({"available": ["s0", "s1", "s2"]} if i < 2 else {})} for i in range(8)]
    pairs = [
        (0, 2, 1, True),
        (0, 3, 1, True),
        (1, 2, 1, True),
        (1, 4, 1, True),
        (2, 5, 1, True),
        (3, 6, 1, True),
        (4, 7, 1, True),
        (5, 6, 1, True),
        (6, 7, 1, True),
        (2, 7, 1, True),
    ]
    schedule = solve(parse_instance(instance(people, pairs, n_slots=6)), time_limit=20, seed=0)
    assert schedule.stats["required_scheduled"] == 10
    assert schedule.stats["proven_optimal"] == {"weight": True, "idle_slots": True}
    assert schedule.stats["idle_slots"] == 0
