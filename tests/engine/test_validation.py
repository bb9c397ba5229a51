from tradefair.engine import parse_instance, validate_schedule

from .factories import instance


def round_() -> object:
    return parse_instance(
        instance(
            [
                {"max_meetings": 1},
                {"max_meetings": 2, "available": ["s0", "s1"]},
                {"max_meetings": 2},
                {"max_meetings": 2},
            ],
            [(0, 1, 1), (1, 2, 1), (2, 3, 1), (0, 3, 1)],
            tables=2,
        )
    )


def schedule(*meetings) -> dict:
    return {
        "format": "tradefair-schedule/1",
        "meetings": [dict(zip(["a", "b", "slot", "table"], m, strict=True)) for m in meetings],
    }


def test_a_valid_schedule_has_no_problems():
    assert (
        validate_schedule(
            round_(), schedule(("p0", "p1", "s0", 1), ("p2", "p3", "s0", 2), ("p1", "p2", "s1", 1))
        )
        == []
    )


def test_rule_1_meetings_must_be_pairs_met_once():
    problems = validate_schedule(
        round_(), schedule(("p1", "p3", "s0", 1), ("p1", "p0", "s0", 1), ("p0", "p1", "s1", 2))
    )
    assert problems[0].endswith("not a pair of the instance")
    assert "pair already met in meetings[1]" in problems[1]


def test_rule_2_both_sides_must_be_available():
    assert validate_schedule(round_(), schedule(("p1", "p2", "s2", 1))) == [
        "meetings[0] ('p1', 'p2', slot 's2'): 'p1' is not available in that slot"
    ]


def test_rule_3_nobody_meets_twice_in_one_slot():
    problems = validate_schedule(round_(), schedule(("p0", "p1", "s0", 1), ("p1", "p2", "s0", 2)))
    assert problems == ["meetings[1] ('p1', 'p2', slot 's0'): 'p1' already meets in that slot (meetings[0])"]


def test_rule_4_nobody_exceeds_max_meetings():
    problems = validate_schedule(round_(), schedule(("p0", "p1", "s0", 1), ("p0", "p3", "s1", 1)))
    assert problems == ["meetings[1] ('p0', 'p3', slot 's1'): 'p0' has more than max_meetings (1) meetings"]


def test_rule_5_tables_are_distinct_and_within_the_limit():
    problems = validate_schedule(
        round_(), schedule(("p0", "p1", "s0", 2), ("p2", "p3", "s0", 2), ("p1", "p2", "s1", 3))
    )
    assert problems == [
        "meetings[1] ('p2', 'p3', slot 's0'): table 2 already holds meetings[0] in that slot",
        "meetings[2] ('p1', 'p2', slot 's1'): table 3 is not a table number (1..2)",
    ]


def test_rule_5_a_slot_holds_at_most_tables_meetings():
    data = instance([{"max_meetings": 1}] * 6, [(0, 1, 1), (2, 3, 1), (4, 5, 1)], tables=2)
    problems = validate_schedule(
        parse_instance(data), schedule(("p0", "p1", "s0", 1), ("p2", "p3", "s0", 2), ("p4", "p5", "s0", 1))
    )
    assert problems[0] == "meetings[2] ('p4', 'p5', slot 's0'): slot holds more than 2 meetings"
