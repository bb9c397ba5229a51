"""rooms_taken: video rooms that other rounds' or pinned online meetings hold in a slot, the
online counterpart of tables_taken (spec/matchmaking.md, "Online meetings")."""

import pytest

from tradefair.engine import (
    InvalidInstance,
    first_come_first_served,
    parse_instance,
    schedule_to_dict,
    solve,
    validate_schedule,
)

from .factories import instance


def online(rooms=2, taken=None, n_pairs=3, n_slots=2) -> dict:
    """Online-only buyers meeting exhibitors who take video calls too; one pair per buyer."""
    people = []
    for _ in range(n_pairs):
        people += [{"max_meetings": 2, "mode": "online"}, {"max_meetings": 2, "mode": "either"}]
    data = instance(people, [(2 * i, 2 * i + 1, 1.0 + i) for i in range(n_pairs)], n_slots=n_slots, tables=5)
    data["online_rooms"] = rooms
    if taken is not None:
        data["rooms_taken"] = taken
    return data


def test_taken_rooms_are_parsed_per_slot_and_lower_each_slots_rooms():
    parsed = parse_instance(online(rooms=2, taken={"s0": [2], "s1": [1, 7]}))
    assert parsed.rooms_taken == {0: frozenset({2}), 1: frozenset({1, 7})}
    # Room 7 is beyond the round's two rooms: it takes nothing from them.
    assert parsed.slot_rooms() == [1, 1]


def test_without_rooms_taken_every_slot_has_all_its_rooms():
    assert parse_instance(online(rooms=3)).slot_rooms() == [3, 3]


@pytest.mark.parametrize(
    ("taken", "message"),
    [
        ([1], "rooms_taken: must be an object of slot id -> list of room numbers"),
        ({"s9": [1]}, "rooms_taken['s9']: unknown slot 's9'"),
        ({"s0": [0]}, "rooms_taken['s0']: 0 is not a room number (1 upwards)"),
        ({"s0": [1, 1]}, "rooms_taken['s0']: room 1 appears twice"),
    ],
)
def test_a_malformed_rooms_taken_is_rejected_naming_the_entry(taken, message):
    with pytest.raises(InvalidInstance) as error:
        parse_instance(online(taken=taken))
    assert str(error.value) == message


def test_the_solver_never_uses_a_taken_room_and_fills_the_free_ones():
    data = online(rooms=2, taken={"s0": [1], "s1": [1, 2]})
    parsed = parse_instance(data)
    schedule = schedule_to_dict(solve(parsed, time_limit=5, seed=0))
    assert validate_schedule(parsed, schedule) == []
    # Room 2 in s0 is the only room left: one online meeting, the heaviest pair's.
    assert [(m["a"], m["slot"], m["room"]) for m in schedule["meetings"]] == [("p4", "s0", 2)]
    assert schedule["stats"]["upper_bound"] >= schedule["stats"]["weight"] == 3.0


def test_the_baseline_respects_taken_rooms():
    parsed = parse_instance(online(rooms=2, taken={"s0": [2], "s1": [2]}))
    schedule = schedule_to_dict(first_come_first_served(parsed, seed=1))
    assert validate_schedule(parsed, schedule) == []
    assert {m["room"] for m in schedule["meetings"]} == {1}
    assert len(schedule["meetings"]) == 2


def test_the_validator_refuses_a_taken_room():
    parsed = parse_instance(online(rooms=2, taken={"s0": [2]}))
    meetings = [{"a": "p0", "b": "p1", "slot": "s0", "room": 2}]
    assert validate_schedule(parsed, {"meetings": meetings}) == [
        "meetings[0] ('p0', 'p1', slot 's0'): room 2 is taken in that slot by a meeting outside the round"
    ]


def test_either_way_meetings_stay_at_tables_when_the_rooms_are_taken():
    data = instance(
        [{"max_meetings": 1, "mode": "either"} for _ in range(6)],
        [(0, 1, 1.0), (2, 3, 1.0), (4, 5, 1.0)],
        n_slots=1,
        tables=2,
    )
    data["online_rooms"] = 1
    data["rooms_taken"] = {"s0": [1]}
    parsed = parse_instance(data)
    schedule = schedule_to_dict(solve(parsed, time_limit=5, seed=0))
    assert validate_schedule(parsed, schedule) == []
    assert sorted(m.get("table") for m in schedule["meetings"]) == [1, 2]
    assert not any("room" in m for m in schedule["meetings"])
