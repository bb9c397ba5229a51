"""tables_taken (spec/matchmaking.md): tables another round's or pinned meetings hold in a slot."""

import orjson
import pytest

from tradefair.engine import (
    InvalidInstance,
    first_come_first_served,
    load_instance,
    parse_instance,
    schedule_to_dict,
    solve,
    validate_schedule,
)
from tradefair.engine.cli import main

from .factories import instance


def crowded(tables=3, taken=None) -> dict:
    """Three buyers and three exhibitors, everyone wanting all three counterparts, two slots."""
    data = instance(
        [{"max_meetings": 2} for _ in range(6)],
        [(a, b, 1.0 + 0.1 * a) for a in range(3) for b in range(3, 6)],
        n_slots=2,
        tables=tables,
    )
    if taken is not None:
        data["tables_taken"] = taken
    return data


def test_taken_tables_are_parsed_per_slot_and_lower_each_slots_capacity():
    parsed = parse_instance(crowded(taken={"s0": [2, 3], "s1": [9]}))
    assert parsed.tables_taken == {0: frozenset({2, 3}), 1: frozenset({9})}
    # Table 9 is beyond the round's three tables: it takes nothing from them.
    assert parsed.slot_tables().tolist() == [1, 3]


def test_without_tables_taken_capacity_is_the_table_count():
    assert parse_instance(crowded()).slot_tables().tolist() == [3, 3]
    assert parse_instance(crowded(tables=None)).slot_tables() is None


@pytest.mark.parametrize(
    ("taken", "message"),
    [
        ([1, 2], "tables_taken: must be an object of slot id -> list of table numbers"),
        ({"s7": [1]}, "tables_taken['s7']: unknown slot 's7'"),
        ({"s0": 1}, "tables_taken['s0']: must be a list of table numbers"),
        ({"s0": [0]}, "tables_taken['s0']: 0 is not a table number (1 upwards)"),
        ({"s1": [1, "2"]}, "tables_taken['s1']: '2' is not a table number (1 upwards)"),
        ({"s1": [True]}, "tables_taken['s1']: true is not a table number (1 upwards)"),
        ({"s0": [1.5]}, "tables_taken['s0']: 1.5 is not a table number (1 upwards)"),
        ({"s0": [2, 2]}, "tables_taken['s0']: table 2 appears twice"),
    ],
)
def test_a_malformed_tables_taken_is_rejected_naming_the_entry(taken, message):
    with pytest.raises(InvalidInstance) as error:
        parse_instance(crowded(taken=taken))
    assert str(error.value) == message


def test_the_solver_never_uses_a_taken_table_and_fills_the_free_ones():
    data = crowded(taken={"s0": [1, 3], "s1": [2]})
    parsed = parse_instance(data)
    schedule = schedule_to_dict(solve(parsed, time_limit=5, seed=0))
    assert validate_schedule(parsed, schedule) == []
    used = {(m["slot"], m["table"]) for m in schedule["meetings"]}
    assert used == {("s0", 2), ("s1", 1), ("s1", 3)}
    # One table free in s0 and two in s1: three meetings, and the bound knows it.
    assert schedule["stats"]["meetings"] == 3
    assert schedule["stats"]["upper_bound"] >= schedule["stats"]["weight"]
    assert schedule["stats"]["upper_bound"] <= 1.2 + 1.2 + 1.1 + 1e-6


def test_the_bound_counts_only_free_tables():
    free = solve(parse_instance(crowded()), time_limit=5, seed=0).stats
    held = solve(parse_instance(crowded(taken={"s0": [1, 2, 3]})), time_limit=5, seed=0).stats
    assert free["meetings"] == 6 and held["meetings"] == 3
    # Slot s0 is full: no valid schedule holds more than three meetings, worth at most 3 x 1.2.
    assert held["upper_bound"] <= 3.6 + 1e-6 < free["upper_bound"]


def test_without_a_table_limit_numbering_skips_taken_tables():
    parsed = parse_instance(crowded(tables=None, taken={"s0": [1], "s1": [1, 2]}))
    schedule = schedule_to_dict(solve(parsed, time_limit=5, seed=0))
    assert validate_schedule(parsed, schedule) == []
    assert schedule["stats"]["meetings"] == 6
    assert sorted(m["table"] for m in schedule["meetings"] if m["slot"] == "s0") == [2, 3, 4]
    assert sorted(m["table"] for m in schedule["meetings"] if m["slot"] == "s1") == [3, 4, 5]


def test_the_baseline_respects_taken_tables():
    parsed = parse_instance(crowded(taken={"s0": [1, 2], "s1": [3]}))
    schedule = schedule_to_dict(first_come_first_served(parsed, seed=2))
    assert validate_schedule(parsed, schedule) == []
    assert all(
        m["table"] not in parsed.tables_taken.get(int(m["slot"][1:]), ()) for m in schedule["meetings"]
    )


def test_the_validator_refuses_a_taken_table():
    parsed = parse_instance(crowded(taken={"s0": [1]}))
    schedule = {
        "format": "tradefair-schedule/1",
        "meetings": [
            {"a": "p0", "b": "p3", "slot": "s0", "table": 1},
            {"a": "p1", "b": "p4", "slot": "s0", "table": 2},
        ],
    }
    assert validate_schedule(parsed, schedule) == [
        "meetings[0] ('p0', 'p3', slot 's0'): table 1 is taken in that slot by a meeting outside the round"
    ]


def test_match_file_keeps_clear_of_taken_tables(tmp_path):
    path, out = tmp_path / "round.json", tmp_path / "schedule.json"
    path.write_bytes(orjson.dumps(crowded(taken={"s1": [1, 2, 3]})))
    assert main([str(path), "-o", str(out), "--quiet"]) == 0
    schedule = orjson.loads(out.read_bytes())
    assert validate_schedule(load_instance(path), schedule) == []
    assert {m["slot"] for m in schedule["meetings"]} == {"s0"}


def test_match_file_exits_2_on_a_bad_tables_taken(tmp_path, capsys):
    path, out = tmp_path / "round.json", tmp_path / "schedule.json"
    path.write_bytes(orjson.dumps(crowded(taken={"s0": [-4]})))
    assert main([str(path), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert (
        err
        == "tradefair match-file: invalid instance: tables_taken['s0']: -4 is not a table number (1 upwards)\n"
    )
    assert not out.exists()
