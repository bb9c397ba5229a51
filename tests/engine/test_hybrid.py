"""Hybrid rounds (spec/matchmaking.md, "Online meetings"): participants' modes, online rooms, and
meetings held online in a room instead of at a table."""

from __future__ import annotations

import gzip
import itertools
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings

from tradefair.engine import (
    InvalidInstance,
    first_come_first_served,
    parse_instance,
    schedule_to_dict,
    solve,
    validate_schedule,
)

from .factories import hybrid_rounds, instance, meets_somehow

GOLDEN = Path(__file__).parent / "golden"
PROPERTIES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def hybrid(modes, pairs, *, n_slots=2, tables=None, rooms=None, **person) -> dict:
    data = instance(
        [{"max_meetings": 4, **person, **({"mode": m} if m else {})} for m in modes],
        pairs,
        n_slots=n_slots,
        tables=tables,
    )
    if rooms is not None:
        data["online_rooms"] = rooms
    return data


def independent_problems(data: dict, schedule: dict) -> list[str]:
    """Rule 5 of the hybrid spec checked from the JSON alone, without the engine's validator."""
    mode = {p["id"]: p.get("mode", "onsite") for p in data["participants"]}
    rooms, tables = data.get("online_rooms", 0), data.get("tables")
    problems, busy = [], set()
    places: dict[tuple[str, str, int], int] = {}
    for m in schedule["meetings"]:
        modes = (mode[m["a"]], mode[m["b"]])
        for person in (m["a"], m["b"]):
            if (person, m["slot"]) in busy:
                problems.append(f"{person} booked twice in {m['slot']}")
            busy.add((person, m["slot"]))
        if "room" in m:
            if "onsite" in modes or not 1 <= m["room"] <= rooms:
                problems.append(f"room not allowed: {m}")
            if m["room"] in data.get("rooms_taken", {}).get(m["slot"], []):
                problems.append(f"room taken outside the round: {m}")
            places[m["slot"], "room", m["room"]] = places.get((m["slot"], "room", m["room"]), 0) + 1
        else:
            if "online" in modes or (tables is not None and not 1 <= m["table"] <= tables):
                problems.append(f"table not allowed: {m}")
            places[m["slot"], "table", m["table"]] = places.get((m["slot"], "table", m["table"]), 0) + 1
    problems += [f"{key} used {n} times" for key, n in places.items() if n > 1]
    return problems


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.json.gz")))
def test_instances_without_online_meetings_get_the_same_schedule_as_before(name):
    """The golden files were written by the engine before online meetings existed."""
    golden = orjson.loads(gzip.decompress((GOLDEN / name).read_bytes()))
    round_ = parse_instance(golden["instance"])
    assert not round_.hybrid
    assert schedule_to_dict(solve(round_, time_limit=120, seed=0))["meetings"] == golden["engine"]
    assert schedule_to_dict(first_come_first_served(round_, seed=0))["meetings"] == golden["fcfs"]


def test_an_instance_without_hybrid_fields_has_no_rooms_and_everyone_on_site():
    round_ = parse_instance(hybrid([None, None], [(0, 1, 1.0)]))
    assert (round_.online_rooms, round_.mode, round_.hybrid) == (0, None, False)
    stats = solve(round_, time_limit=5).stats
    assert "online_meetings" not in stats


def test_modes_and_rooms_are_parsed():
    round_ = parse_instance(hybrid(["onsite", "online", "either", None], [(0, 2, 1.0), (1, 2, 1.0)], rooms=2))
    assert round_.online_rooms == 2
    assert round_.mode.tolist() == [0, 1, 2, 0]
    # onsite-either: table only; online-either: room only.
    assert round_.pair_kind().tolist() == [0, 1]
    assert round_.hybrid


def test_two_either_way_participants_may_meet_both_ways_only_when_there_are_rooms():
    assert parse_instance(hybrid(["either", "either"], [(0, 1, 1.0)], rooms=1)).pair_kind().tolist() == [2]
    assert parse_instance(hybrid(["either", "either"], [(0, 1, 1.0)])).pair_kind().tolist() == [0]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"online_rooms": -1}, "online_rooms: must be a non-negative integer, not -1"),
        ({"online_rooms": 1.5}, "online_rooms: must be a non-negative integer, not 1.5"),
        ({"online_rooms": True}, "online_rooms: must be a non-negative integer, not true"),
    ],
)
def test_a_bad_room_count_is_rejected(change, message):
    with pytest.raises(InvalidInstance, match=f"^{message}$"):
        parse_instance({**hybrid([None, None], [(0, 1, 1.0)]), **change})


def test_an_unknown_mode_is_rejected_naming_the_participant():
    with pytest.raises(
        InvalidInstance,
        match=r"^participants\[1\] 'p1': mode must be one of 'onsite', 'online', 'either', not 'video'$",
    ):
        parse_instance(hybrid([None, "video"], [(0, 1, 1.0)], rooms=1))


def test_an_online_only_participant_cannot_meet_an_on_site_only_one():
    with pytest.raises(
        InvalidInstance, match=r"^pairs\[1\] \('p2', 'p0'\): cannot meet at a table .* nor online"
    ):
        parse_instance(hybrid(["onsite", "either", "online"], [(0, 1, 1.0), (2, 0, 1.0)], rooms=3))


def test_an_online_only_pair_needs_rooms():
    with pytest.raises(
        InvalidInstance, match=r"^pairs\[0\] \('p0', 'p1'\): an online-only participant needs online_rooms"
    ):
        parse_instance(hybrid(["online", "either"], [(0, 1, 1.0)]))


def test_an_online_participant_without_pairs_is_fine_without_rooms():
    assert parse_instance(hybrid(["online", None, None], [(1, 2, 1.0)])).n_people == 3


def test_online_meetings_take_rooms_not_tables():
    # One table, two rooms, one slot: an on-site pair at the table, two online pairs in the rooms.
    data = hybrid(
        ["onsite", "onsite", "online", "either", "online", "either"],
        [(0, 1, 1.0), (2, 3, 1.0), (4, 5, 1.0)],
        n_slots=1,
        tables=1,
        rooms=2,
    )
    schedule = schedule_to_dict(solve(parse_instance(data), time_limit=5))
    assert sorted((m["a"], m.get("table"), m.get("room")) for m in schedule["meetings"]) == [
        ("p0", 1, None),
        ("p2", None, 1),
        ("p4", None, 2),
    ]
    assert schedule["stats"]["online_meetings"] == 2
    assert validate_schedule(parse_instance(data), schedule) == []


def test_rooms_limit_online_meetings_per_slot():
    # Three online pairs, one room, two slots: at most two meet, in different slots.
    data = hybrid(
        ["online", "either"] * 3, [(0, 1, 3.0), (2, 3, 2.0), (4, 5, 1.0)], n_slots=2, tables=5, rooms=1
    )
    schedule = schedule_to_dict(solve(parse_instance(data), time_limit=5))
    assert sorted((m["a"], m["room"]) for m in schedule["meetings"]) == [("p0", 1), ("p2", 1)]
    assert len({m["slot"] for m in schedule["meetings"]}) == 2
    assert schedule["stats"]["weight"] == 5.0


def test_either_way_meetings_go_online_when_the_tables_are_full():
    data = hybrid(["either"] * 6, [(0, 1, 1.0), (2, 3, 1.0), (4, 5, 1.0)], n_slots=1, tables=2, rooms=1)
    schedule = schedule_to_dict(solve(parse_instance(data), time_limit=5))
    assert sorted(("room" in m) for m in schedule["meetings"]) == [False, False, True]


def test_the_baseline_respects_rooms_and_modes():
    data = hybrid(
        ["online", "either"] * 3, [(0, 1, 3.0), (2, 3, 2.0), (4, 5, 1.0)], n_slots=2, tables=5, rooms=1
    )
    schedule = schedule_to_dict(first_come_first_served(parse_instance(data), seed=3))
    assert len(schedule["meetings"]) == 2
    assert all(m["room"] == 1 for m in schedule["meetings"])
    assert schedule["stats"]["online_meetings"] == 2


def _round_with_two_online_pairs():
    return parse_instance(
        hybrid(
            ["online", "either", "either", "either", "onsite", "onsite"],
            [(0, 1, 1.0), (2, 3, 1.0), (4, 5, 1.0)],
            n_slots=1,
            tables=1,
            rooms=1,
        )
    )


@pytest.mark.parametrize(
    ("meetings", "problem"),
    [
        (
            [{"a": "p0", "b": "p1", "slot": "s0", "table": 1}],
            "a side meets online only, so the meeting needs a room",
        ),
        ([{"a": "p4", "b": "p5", "slot": "s0", "room": 1}], "this pair cannot meet online"),
        ([{"a": "p0", "b": "p1", "slot": "s0", "room": 2}], "room 2 is not a room number (1..1)"),
        (
            [{"a": "p0", "b": "p1", "slot": "s0", "room": 1, "table": 1}],
            "a meeting has a table or a room, not both",
        ),
        (
            [
                {"a": "p0", "b": "p1", "slot": "s0", "room": 1},
                {"a": "p2", "b": "p3", "slot": "s0", "room": 1},
            ],
            "slot holds more than 1 online meetings",
        ),
    ],
)
def test_validation_checks_the_way_each_meeting_is_held(meetings, problem):
    problems = validate_schedule(_round_with_two_online_pairs(), {"meetings": meetings})
    assert any(problem in p for p in problems), problems


def test_validation_refuses_a_room_used_twice_in_a_slot():
    round_ = parse_instance(hybrid(["online", "either"] * 2, [(0, 1, 1.0), (2, 3, 1.0)], n_slots=1, rooms=2))
    meetings = [
        {"a": "p0", "b": "p1", "slot": "s0", "room": 2},
        {"a": "p2", "b": "p3", "slot": "s0", "room": 2},
    ]
    assert validate_schedule(round_, {"meetings": meetings}) == [
        "meetings[1] ('p2', 'p3', slot 's0'): room 2 already holds meetings[0] in that slot"
    ]


@PROPERTIES
@given(hybrid_rounds())
def test_engine_and_baseline_schedules_of_hybrid_rounds_are_valid(data):
    round_ = parse_instance(data)
    engine = solve(round_, time_limit=5, seed=0)
    for schedule in (engine, first_come_first_served(round_, seed=0)):
        document = schedule_to_dict(schedule)
        assert validate_schedule(round_, document) == []
        assert independent_problems(data, document) == []
    assert engine.stats["weight"] <= engine.stats["upper_bound"] + 1e-6


def _best_weight(data: dict) -> float:
    """Brute force: the heaviest valid schedule of a tiny hybrid round (every pair in any slot or
    none), capacity counted with each meeting put where its pair allows."""
    mode = {p["id"]: p.get("mode", "onsite") for p in data["participants"]}
    rooms, tables = data.get("online_rooms", 0), data.get("tables")
    people = {p["id"]: p for p in data["participants"]}
    slots = [s["id"] for s in data["slots"]]
    best = 0.0
    for choice in itertools.product([None, *slots], repeat=len(data["pairs"])):
        busy, count, ok = set(), {}, True
        kinds = {s: [0, 0, 0] for s in slots}
        for pair, slot in zip(data["pairs"], choice, strict=True):
            if slot is None:
                continue
            for side in (pair["a"], pair["b"]):
                person = people[side]
                if (side, slot) in busy or slot not in person.get("available", slots):
                    ok = False
                busy.add((side, slot))
                count[side] = count.get(side, 0) + 1
                if count[side] > person["max_meetings"]:
                    ok = False
            table = "online" not in (mode[pair["a"]], mode[pair["b"]])
            online = rooms > 0 and "onsite" not in (mode[pair["a"]], mode[pair["b"]])
            kinds[slot][0 if not online else 1 if not table else 2] += 1
        for slot, (t_only, r_only, either) in kinds.items():
            cap = (
                float("inf")
                if tables is None
                else tables - len([k for k in data.get("tables_taken", {}).get(slot, []) if k <= tables])
            )
            left = rooms - len([k for k in data.get("rooms_taken", {}).get(slot, []) if k <= rooms])
            if t_only > cap or r_only > left or t_only + r_only + either > cap + left:
                ok = False
        if ok:
            best = max(
                best, sum(p["weight"] for p, s in zip(data["pairs"], choice, strict=True) if s is not None)
            )
    return best


@PROPERTIES
@given(hybrid_rounds(max_people=5, max_slots=2, max_pairs=5, uniform=False))
def test_the_bound_holds_and_small_rounds_reach_the_optimum(data):
    for pair in data["pairs"]:
        pair.pop("required", None)
    for person in data["participants"]:
        person.pop("min_meetings", None)
    round_ = parse_instance(data)
    schedule = solve(round_, time_limit=10, seed=0)
    best = _best_weight(data)
    assert schedule.stats["upper_bound"] >= best - 1e-6
    assert schedule.stats["weight"] == pytest.approx(best)


def test_meets_somehow_is_the_spec_rule():
    assert meets_somehow("either", "either", 0)
    assert not meets_somehow("online", "either", 0)
    assert not meets_somehow("online", "onsite", 5)


def test_match_file_refuses_a_pair_the_modes_forbid_with_exit_status_2(tmp_path, capsys):
    from tradefair.engine.cli import main

    path = tmp_path / "round.json"
    path.write_bytes(orjson.dumps(hybrid(["online", "onsite"], [(0, 1, 1.0)], rooms=2)))
    out = tmp_path / "schedule.json"
    assert main([str(path), "-o", str(out)]) == 2
    assert not out.exists()
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "pairs[0] ('p0', 'p1'): cannot meet at a table" in error[0]


def test_match_file_writes_rooms_for_online_meetings(tmp_path):
    from tradefair.engine.cli import main

    data = hybrid(
        ["online", "either", "onsite", "either"], [(0, 1, 1.0), (2, 3, 1.0)], n_slots=1, tables=1, rooms=1
    )
    path, out = tmp_path / "round.json", tmp_path / "schedule.json"
    path.write_bytes(orjson.dumps(data))
    assert main([str(path), "-o", str(out), "--quiet"]) == 0
    schedule = orjson.loads(out.read_bytes())
    assert [("room" in m, "table" in m) for m in schedule["meetings"]] == [(False, True), (True, False)]
    assert validate_schedule(parse_instance(data), schedule) == []
