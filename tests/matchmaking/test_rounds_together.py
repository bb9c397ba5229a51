"""Several rounds of one expo (issue #16, item 3): a second round on overlapping days
neither repeats a pair of the first, nor double-books anyone, nor puts two meetings at
one table at overlapping times, though the two rounds' slot grids differ."""

import datetime as dt
from collections import Counter

import pytest

from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair import engine
from tradefair.common.models import AuditEntry
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.errors import MatchmakingError
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.models import Meeting, MeetingRequest, Round
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db

DAY2, DAY3 = "2030-08-24", "2030-08-25"


@pytest.fixture
def fair():
    """Five buyers and three exhibitors who all fit each other, and one accepted request."""
    expo = make_expo()
    codes = [("851762", ""), ("842952", ""), ("851713", "")]
    buyers = [
        person(expo, country=country, needs=codes, roles=[Role.BUYER])
        for country in ("RU", "MN", "DE", "KR", "JP")
    ]
    exhibitors = [person(expo, country="CN", offers=[code], roles=[Role.EXHIBITOR]) for code in codes]
    compute_recommendations(expo)
    request = request_actions.send_request(buyers[0], recipient=exhibitors[0])
    request_actions.accept_request(request, by=exhibitors[0])
    return expo, buyers, exhibitors


def first_round(expo, **extra):
    """20-minute slots from 09:00 on the second day, one meeting each: some pairs, not all."""
    return round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Round 1",
        days=[DAY2],
        day_starts="09:00",
        day_ends="10:00",
        slot_minutes=20,
        tables=3,
        max_meetings=1,
        time_limit=5,
        **extra,
    )


def second_round(expo, **extra):
    """The second and third days, on a grid of 30-minute slots from 09:10 that overlaps the first's."""
    return round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Round 2",
        days=[DAY2, DAY3],
        day_starts="09:10",
        day_ends="11:10",
        slot_minutes=30,
        tables=3,
        max_meetings=8,
        time_limit=5,
        **extra,
    )


def live(*rounds):
    return list(
        Meeting.objects.filter(round__in=rounds)
        .exclude(status="cancelled")
        .select_related("slot")
        .order_by("slot__starts_at")
    )


def overlap(m, n) -> bool:
    return m.slot.starts_at < n.slot.ends_at and n.slot.starts_at < m.slot.ends_at


def test_a_second_round_on_an_overlapping_day_repeats_no_pair_books_nobody_twice_and_shares_no_table(fair):
    expo = fair[0]
    first = round_actions.run_round(first_round(expo))
    second = round_actions.run_round(second_round(expo))

    ones, twos = live(first), live(second)
    assert ones and twos
    pairs = Counter(frozenset((m.requester_id, m.counterpart_id)) for m in ones + twos)
    assert max(pairs.values()) == 1
    everything = ones + twos
    for i, m in enumerate(everything):
        for n in everything[i + 1 :]:
            if overlap(m, n):
                assert not {m.requester_id, m.counterpart_id} & {n.requester_id, n.counterpart_id}, (m, n)
                assert m.table != n.table, (m, n)
    # The engine was told: the instance names round 1's tables in the overlapping slots.
    instance = round_actions.decompress(second.instance_gz)
    day2 = [m for m in ones if m.slot.starts_at.astimezone(expo.tz).date() == dt.date(2030, 8, 24)]
    assert day2, "round 1 has meetings on the shared day"
    held = {table for tables in instance.get("tables_taken", {}).values() for table in tables}
    assert {m.table for m in day2} <= held
    engine_view = engine.parse_instance(instance)
    assert engine.validate_schedule(engine_view, round_actions.decompress(second.schedule_gz)) == []


def test_the_accepted_request_met_in_round_one_is_not_required_again(fair):
    expo, buyers, exhibitors = fair
    round_actions.run_round(first_round(expo))
    assert Meeting.objects.filter(requester=buyers[0], counterpart=exhibitors[0]).exists()

    instance = round_actions.build_instance(second_round(expo)).data

    ids = {frozenset((p["a"], p["b"])) for p in instance["pairs"]}
    assert frozenset((f"p{buyers[0].pk}", f"p{exhibitors[0].pk}")) not in ids
    assert not any(p.get("required") for p in instance["pairs"])


def test_a_follow_up_round_may_schedule_pairs_again_and_says_so(fair):
    expo, buyers, exhibitors = fair
    first = round_actions.run_round(first_round(expo))
    met = {frozenset((f"p{m.requester_id}", f"p{m.counterpart_id}")) for m in live(first)}
    follow_up = second_round(expo, follow_ups=True)

    instance = round_actions.build_instance(follow_up).data

    offered = {frozenset((p["a"], p["b"])) for p in instance["pairs"]}
    assert met & offered
    # The request round 1 served is no longer required; only a later one would be.
    assert not any(p.get("required") for p in instance["pairs"])
    assert Round.objects.get(pk=follow_up.pk).follow_ups is True
    created = AuditEntry.objects.filter(action="round.created").order_by("id").last()
    assert created.data["follow_ups"] is True
    # People and tables stay protected in a follow-up round too.
    round_ = round_actions.run_round(follow_up)
    everything = live(first) + live(round_)
    for i, m in enumerate(everything):
        for n in everything[i + 1 :]:
            if overlap(m, n):
                assert not {m.requester_id, m.counterpart_id} & {n.requester_id, n.counterpart_id}
                assert m.table != n.table


def test_a_request_accepted_after_the_meeting_is_required_in_a_follow_up_round(fair):
    expo, buyers, exhibitors = fair
    round_actions.run_round(first_round(expo))
    again = request_actions.send_request(exhibitors[0], recipient=buyers[0], message="Shall we sign?")
    request_actions.accept_request(again, by=buyers[0])
    assert MeetingRequest.objects.filter(status="accepted").count() == 2

    instance = round_actions.build_instance(second_round(expo, follow_ups=True)).data

    required = [frozenset((p["a"], p["b"])) for p in instance["pairs"] if p.get("required")]
    assert required == [frozenset((f"p{buyers[0].pk}", f"p{exhibitors[0].pk}"))]


def test_an_upload_using_a_taken_table_or_repeating_a_met_pair_is_refused(fair):
    expo = fair[0]
    first = round_actions.run_round(first_round(expo))
    second = round_actions.run_round(second_round(expo))
    good = round_actions.decompress(second.schedule_gz)
    stored = len(good["meetings"])
    one = next(m for m in live(first) if m.slot.starts_at.astimezone(expo.tz).date() == dt.date(2030, 8, 24))
    clashing_slot = next(
        s for s in second.slots.all() if s.starts_at < one.slot.ends_at and one.slot.starts_at < s.ends_at
    )
    meeting = good["meetings"][0]

    taken_table = dict(good, meetings=[dict(meeting, slot=f"s{clashing_slot.pk}", table=one.table)])
    with pytest.raises(MatchmakingError) as error:
        round_actions.upload_schedule(second, taken_table, by=OPERATOR)
    assert error.value.code == "schedule_invalid"
    assert f"table {one.table} is taken in that slot" in error.value.message

    repeat = dict(
        good,
        meetings=[
            {"a": f"p{one.requester_id}", "b": f"p{one.counterpart_id}", "slot": meeting["slot"], "table": 3}
        ],
    )
    with pytest.raises(MatchmakingError) as error:
        round_actions.upload_schedule(second, repeat, by=OPERATOR)
    assert "already met or is scheduled in round 'Round 1'" in error.value.message
    assert second.meetings.count() == stored


def test_a_stale_schedule_is_refused_whole_and_the_run_solves_again(fair):
    """Both rounds built from the same state (as when two runs overlap): the one stored
    second is refused, nothing of it stored or moved; a run builds afresh and stores it."""
    expo = fair[0]
    first, second = first_round(expo), second_round(expo)
    stale = round_actions.build_instance(second)
    stale_schedule = engine.schedule_to_dict(engine.solve(engine.parse_instance(stale.data), time_limit=5))
    round_actions.run_round(first)

    with pytest.raises(round_actions.StaleSchedule) as refused:
        round_actions.store_schedule(second, stale.data, stale_schedule, ids=stale.ids)

    assert refused.value.problems
    assert not second.meetings.exists()
    second = round_actions.run_round(second)
    assert second.status == "scheduled"
    stored = {(m.slot_id, m.table, frozenset((m.requester_id, m.counterpart_id))) for m in live(second)}
    assert stored == solved_meetings(second)


def solved_meetings(round_) -> set:
    """The stored schedule file's meetings, read through the instance's participants and slots."""
    ids = {p["id"]: int(p["id"][1:]) for p in round_actions.decompress(round_.instance_gz)["participants"]}
    slots = {s.pk: s.pk for s in round_.slots.all()}
    return {
        (slots[int(m["slot"][1:])], m.get("table"), frozenset((ids[m["a"]], ids[m["b"]])))
        for m in round_actions.decompress(round_.schedule_gz)["meetings"]
    }


def test_beside_another_round_and_pinned_meetings_every_solved_meeting_is_stored_where_solved(fair):
    expo, buyers, exhibitors = fair
    first = round_actions.run_round(first_round(expo))
    second = second_round(expo)
    # Two pinned meetings of round 2, at tables 1 and 2 of its first two slots of the third day
    # (on the second, round 1 holds tables and people at overlapping times).
    early = [
        s
        for s in second.slots.order_by("starts_at")
        if s.starts_at.astimezone(expo.tz).date() == dt.date(2030, 8, 25)
    ][:2]
    for slot, (buyer, exhibitor, table) in zip(
        early, [(buyers[3], exhibitors[1], 1), (buyers[4], exhibitors[2], 2)], strict=True
    ):
        Meeting.objects.create(
            round=second, requester=buyer, counterpart=exhibitor, slot=slot, table=table, pinned=True
        )

    second = round_actions.run_round(second)

    instance = round_actions.decompress(second.instance_gz)
    assert instance["tables_taken"][f"s{early[0].pk}"] >= [1]
    assert 2 in instance["tables_taken"][f"s{early[1].pk}"]
    solved = solved_meetings(second)
    stored = {
        (m.slot_id, m.table, frozenset((m.requester_id, m.counterpart_id)))
        for m in live(second)
        if not m.pinned
    }
    assert solved and stored == solved
    assert set(second.report) >= {"engine", "baseline", "pinned"}
    assert second.report["pinned"] == 2
    assert not any(key.startswith("dropped") for key in second.report)
    everything = live(first, second)
    places = Counter((m.slot_id, m.table) for m in everything)
    assert max(places.values()) == 1
    for i, m in enumerate(everything):
        for n in everything[i + 1 :]:
            if overlap(m, n):
                assert not {m.requester_id, m.counterpart_id} & {n.requester_id, n.counterpart_id}, (m, n)
                assert m.table != n.table, (m, n)
