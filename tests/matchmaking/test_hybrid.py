"""Hybrid rounds in the platform: participants' meeting mode, a round's online rooms, the
instance the round runner builds, online meetings stored in rooms and shown as such."""

import datetime as dt

import icalendar
import pytest
from django.db import IntegrityError

from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair import engine
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain import agenda as agenda_actions
from tradefair.matchmaking.domain import profile as profile_actions
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.errors import MatchmakingError
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.models import MatchPreferences, Meeting, MeetingMode, Round
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db

DAY = "2030-08-23"


@pytest.fixture
def hybrid_expo():
    """Two buyers online only (Seoul, Ulaanbaatar), one on site; two exhibitors who take video
    meetings from their booth, one who does not."""
    expo = make_expo()
    online = [
        person(expo, country=country, needs=[("851762", ""), ("842952", "")], roles=[Role.BUYER])
        for country in ("KR", "MN")
    ]
    onsite = person(expo, country="RU", needs=[("851762", ""), ("842952", "")], roles=[Role.BUYER])
    either = [
        person(expo, country="CN", offers=[(code, "")], roles=[Role.EXHIBITOR])
        for code in ("851762", "842952")
    ]
    hall_only = person(expo, country="CN", offers=[("851762", "")], roles=[Role.EXHIBITOR])
    for buyer in online:
        profile_actions.set_meeting_mode(buyer, mode=MeetingMode.ONLINE)
    for exhibitor in either:
        profile_actions.set_meeting_mode(exhibitor, mode=MeetingMode.EITHER)
    compute_recommendations(expo)
    return expo, online, onsite, either, hall_only


def make_round(expo, **extra):
    return round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Day 1",
        days=[DAY],
        day_starts="09:00",
        day_ends="10:00",
        slot_minutes=20,
        tables=2,
        time_limit=5,
        **extra,
    )


def test_the_meeting_mode_is_saved_and_logged_and_an_unknown_mode_refused(hybrid_expo):
    _expo, online, onsite, _either, _hall = hybrid_expo
    assert MatchPreferences.objects.get(participant=online[0]).meeting_mode == MeetingMode.ONLINE
    with pytest.raises(MatchmakingError) as refused:
        profile_actions.set_meeting_mode(onsite, mode="video")
    assert refused.value.code == "meeting_mode"
    assert not MatchPreferences.objects.filter(participant=onsite).exists()


def test_a_round_without_rooms_builds_the_instance_it_built_before(hybrid_expo):
    expo, online, _onsite, _either, _hall = hybrid_expo
    built = round_actions.build_instance(make_round(expo))
    instance = built.data
    assert "online_rooms" not in instance and "rooms_taken" not in instance
    # Online-only buyers cannot meet anyone without rooms: their pairs are left out, so the
    # engine accepts the file.
    ids = {f"p{b.pk}" for b in online}
    assert not [p for p in instance["pairs"] if p["a"] in ids or p["b"] in ids]
    engine.parse_instance(instance)
    assert built.requests_without_a_way_to_meet == 0


def test_a_hybrid_round_passes_modes_and_rooms_to_the_engine(hybrid_expo):
    expo, online, onsite, either, hall_only = hybrid_expo
    instance = round_actions.build_instance(make_round(expo, online_rooms=2)).data
    assert instance["online_rooms"] == 2
    modes = {p["id"]: p.get("mode") for p in instance["participants"]}
    assert modes[f"p{online[0].pk}"] == "online"
    assert modes[f"p{either[0].pk}"] == "either"
    assert modes[f"p{onsite.pk}"] is None  # the default is not written
    pairs = {frozenset((p["a"], p["b"])) for p in instance["pairs"]}
    assert frozenset((f"p{online[0].pk}", f"p{hall_only.pk}")) not in pairs  # video meets no hall-only booth
    assert frozenset((f"p{online[0].pk}", f"p{either[0].pk}")) in pairs
    engine.parse_instance(instance)


def test_a_negative_room_count_is_refused():
    with pytest.raises(MatchmakingError) as refused:
        make_round(make_expo(), online_rooms=-1)
    assert refused.value.code == "round_rooms"


def test_online_meetings_are_stored_in_rooms_within_the_rounds_capacity(hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    round_ = round_actions.run_round(make_round(expo, online_rooms=1))
    meetings = list(round_.meetings.all())
    online_ids = {b.pk for b in online}
    remote = [m for m in meetings if {m.requester_id, m.counterpart_id} & online_ids]
    assert remote and all(m.room == 1 and m.table is None for m in remote)
    assert all(m.table is not None and m.room is None for m in meetings if m not in remote)
    # One room: at most one online meeting per slot.
    assert len({m.slot_id for m in remote}) == len(remote)
    instance = engine.parse_instance(round_actions.decompress(round_.instance_gz))
    assert engine.validate_schedule(instance, round_actions.decompress(round_.schedule_gz)) == []
    assert round_.report["engine"]["online_meetings"] == len(remote)


def test_the_database_refuses_two_meetings_in_one_room_and_a_meeting_without_a_place(hybrid_expo):
    expo, online, onsite, either, _hall = hybrid_expo
    round_ = make_round(expo, online_rooms=2)
    slot = round_.slots.first()
    Meeting.objects.create(round=round_, requester=online[0], counterpart=either[0], slot=slot, room=1)
    with pytest.raises(IntegrityError):
        Meeting.objects.create(round=round_, requester=online[1], counterpart=either[1], slot=slot, room=1)


def test_a_meeting_has_a_table_or_a_room(hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    slot = make_round(expo, online_rooms=2).slots.first()
    with pytest.raises(IntegrityError):
        Meeting.objects.create(round=slot.round, requester=online[0], counterpart=either[0], slot=slot)


def test_the_engine_is_told_the_rooms_another_round_and_pinned_meetings_hold(hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    first = make_round(expo, online_rooms=2)
    slot = first.slots.first()
    Meeting.objects.create(round=first, requester=online[1], counterpart=either[1], slot=slot, room=1)
    second = make_round(expo, online_rooms=2, follow_ups=True)
    twin = second.slots.get(starts_at=slot.starts_at)
    later = second.slots.order_by("starts_at")[1]
    Meeting.objects.create(
        round=second, requester=online[0], counterpart=either[0], slot=later, room=2, pinned=True
    )

    instance = round_actions.build_instance(second).data

    assert instance["rooms_taken"] == {f"s{twin.pk}": [1], f"s{later.pk}": [2]}


def test_a_stale_online_meeting_is_refused_whole_not_moved(hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    first = make_round(expo, online_rooms=2)
    second = make_round(expo, online_rooms=2, follow_ups=True)
    slot = first.slots.first()
    twin = second.slots.get(starts_at=slot.starts_at)
    instance = round_actions.build_instance(second).data
    # Round 1 takes room 1 after round 2's instance was built.
    Meeting.objects.create(round=first, requester=online[1], counterpart=either[1], slot=slot, room=1)
    schedule = {
        "meetings": [{"a": f"p{online[0].pk}", "b": f"p{either[0].pk}", "slot": f"s{twin.pk}", "room": 1}]
    }
    with pytest.raises(round_actions.StaleSchedule) as refused:
        round_actions.store_schedule(second, instance, schedule)
    assert refused.value.code == "schedule_stale"
    assert refused.value.problems == [
        "meetings[0]: room 1 is held then by a pinned meeting or another round's"
    ]
    assert not second.meetings.exists()


def test_an_uploaded_schedule_may_not_use_a_room_another_round_holds(hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    first = make_round(expo, online_rooms=1)
    slot = first.slots.first()
    Meeting.objects.create(round=first, requester=online[1], counterpart=either[1], slot=slot, room=1)
    second = make_round(expo, online_rooms=1, follow_ups=True)
    twin = second.slots.get(starts_at=slot.starts_at)
    instance = round_actions.build_instance(second).data
    schedule = {
        "meetings": [{"a": f"p{online[0].pk}", "b": f"p{either[0].pk}", "slot": f"s{twin.pk}", "room": 1}]
    }
    problems = round_actions.schedule_problems(second, instance, schedule)
    assert any("room 1 is taken in that slot by a meeting outside the round" in p for p in problems), problems


def _published_online_meeting(expo, online, either):
    round_ = make_round(expo, online_rooms=3)
    slot = round_.slots.first()
    meeting = Meeting.objects.create(
        round=round_, requester=online[0], counterpart=either[0], slot=slot, room=3
    )
    Round.objects.filter(pk=round_.pk).update(status="published")
    return meeting


def test_the_agenda_says_online_room_k_instead_of_a_table(client, hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    _published_online_meeting(expo, online, either)
    client.force_login(online[0].user)
    page = client.get(f"/expos/{expo.slug}/matchmaking/agenda/").content.decode()
    assert "online, room <strong>3</strong>" in page
    assert "table <strong>" not in page


def test_the_ical_feed_places_an_online_meeting_in_its_room(hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    _published_online_meeting(expo, online, either)
    event = icalendar.Calendar.from_ical(agenda_actions.ical_feed(online[0])).walk("VEVENT")[0]
    assert str(event["LOCATION"]) == "Online, room 3"
    assert str(event["SUMMARY"]).startswith(f"Online meeting with {either[0].name}")


def test_the_api_gives_the_room_and_no_table_of_an_online_meeting(client, hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    meeting = _published_online_meeting(expo, online, either)
    client.force_login(online[0].user)
    found = client.get(f"/api/v1/expos/{expo.slug}/matchmaking/agenda").json()["results"]
    entry = next(m for m in found if m["id"] == meeting.pk)
    assert (entry["table"], entry["room"]) == (None, 3)


def test_a_participant_sets_the_mode_on_the_profile_page(client, hybrid_expo):
    expo, _online, onsite, _either, _hall = hybrid_expo
    client.force_login(onsite.user)
    url = f"/expos/{expo.slug}/matchmaking/profile/"
    page = client.get(url).content.decode()
    assert "How I take part in meetings" in page and 'value="either"' in page
    client.post(url, {"form": "mode", "meeting_mode": "either"})
    assert MatchPreferences.objects.get(participant=onsite).meeting_mode == MeetingMode.EITHER
    refused = client.post(url, {"form": "mode", "meeting_mode": "hologram"})
    assert refused.status_code == 200
    assert MatchPreferences.objects.get(participant=onsite).meeting_mode == MeetingMode.EITHER


def test_the_organiser_opens_a_round_with_online_rooms_from_the_rounds_page(client):
    from tests.factories import UserFactory
    from tradefair.expos.models import OrganiserLevel

    expo = make_expo()
    organiser = UserFactory()
    expo.organisers.add(organiser, through_defaults={"level": OrganiserLevel.ADMIN})
    client.force_login(organiser)
    url = f"/expos/{expo.slug}/matchmaking/rounds/"
    assert "Online meetings at once" in client.get(url).content.decode()
    client.post(
        url,
        {
            "name": "Cloud negotiation",
            "days": DAY,
            "day_starts": "09:00",
            "day_ends": "12:00",
            "slot_minutes": 20,
            "tables": 10,
            "online_rooms": 4,
            "max_meetings": 6,
            "min_meetings": 0,
            "time_limit": 10,
        },
    )
    round_ = Round.objects.get(expo=expo)
    assert (round_.name, round_.tables, round_.online_rooms) == ("Cloud negotiation", 10, 4)
    page = client.get(f"/expos/{expo.slug}/matchmaking/rounds/{round_.pk}/").content.decode()
    assert "4 online meetings at once" in page


def test_the_admin_lists_rounds_with_their_rooms(admin_client, hybrid_expo):
    expo = hybrid_expo[0]
    make_round(expo, online_rooms=5)
    page = admin_client.get("/admin/matchmaking/round/").content.decode()
    assert "Day 1" in page and ">5<" in page


def test_arrival_days_still_limit_online_participants(hybrid_expo):
    expo, online, _onsite, _either, _hall = hybrid_expo
    online[0].arrival = dt.date(2030, 8, 25)
    online[0].save(update_fields=["arrival"])
    instance = round_actions.build_instance(make_round(expo, online_rooms=2)).data
    entry = next(p for p in instance["participants"] if p["id"] == f"p{online[0].pk}")
    assert entry["available"] == []


# Part 3: remote participants in their own time zone.


def test_local_hours_in_the_own_zone_become_the_slots_they_cover(hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    # Moscow (UTC+3) 09:00-18:00 is 14:00-23:00 in Changchun: a morning round has no slot.
    profile_actions.set_own_clock(
        online[0], time_zone="Europe/Moscow", hours_from=dt.time(9), hours_until=dt.time(18)
    )
    # Seoul (UTC+9) 10:00-10:40 is 09:00-09:40 in Changchun: the first two 20-minute slots.
    profile_actions.set_own_clock(
        online[1], time_zone="Asia/Seoul", hours_from=dt.time(10), hours_until=dt.time(10, 40)
    )
    round_ = make_round(expo, online_rooms=2)
    instance = round_actions.build_instance(round_).data
    available = {p["id"]: p.get("available") for p in instance["participants"]}
    first_two = [f"s{pk}" for pk in round_.slots.order_by("starts_at").values_list("pk", flat=True)[:2]]
    assert available[f"p{online[0].pk}"] == []
    assert available[f"p{online[1].pk}"] == first_two
    assert available[f"p{either[0].pk}"] is None  # no hours given: every slot


@pytest.mark.parametrize(
    ("zone", "start", "stop", "code"),
    [
        ("Mars/Olympus", None, None, "time_zone"),
        ("Asia/Tokyo", dt.time(9), None, "local_hours"),
        ("Asia/Tokyo", dt.time(18), dt.time(9), "local_hours"),
    ],
)
def test_a_bad_zone_or_hours_are_refused(hybrid_expo, zone, start, stop, code):
    participant = hybrid_expo[1][0]
    with pytest.raises(MatchmakingError) as refused:
        profile_actions.set_own_clock(participant, time_zone=zone, hours_from=start, hours_until=stop)
    assert refused.value.code == code
    assert MatchPreferences.objects.get(participant=participant).time_zone == ""


def test_the_agenda_and_ical_show_the_remote_participants_own_time_beside_the_expos(client, hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    profile_actions.set_own_clock(online[0], time_zone="Asia/Tokyo")
    _published_online_meeting(expo, online, either)  # 09:00 in Changchun, 10:00 in Tokyo
    client.force_login(online[0].user)
    page = client.get(f"/expos/{expo.slug}/matchmaking/agenda/").content.decode()
    assert "<strong>09:00–09:20</strong>" in page
    assert "your time: Fri, Aug 23, 10:00–10:20" in page
    assert "Japan Standard Time, GMT+09:00" in page
    event = icalendar.Calendar.from_ical(agenda_actions.ical_feed(online[0])).walk("VEVENT")[0]
    description = str(event["DESCRIPTION"])
    assert "China Standard Time" in description and "Japan Standard Time, GMT+09:00" in description
    assert "10:00" in description.split("\n")[-1]


def test_without_an_own_zone_the_agenda_shows_only_the_expos_time(client, hybrid_expo):
    expo, online, _onsite, either, _hall = hybrid_expo
    _published_online_meeting(expo, online, either)
    client.force_login(online[0].user)
    page = client.get(f"/expos/{expo.slug}/matchmaking/agenda/").content.decode()
    assert "your time" not in page


def test_a_participant_sets_the_own_clock_on_the_profile_page(client, hybrid_expo):
    expo, online, _onsite, _either, _hall = hybrid_expo
    client.force_login(online[0].user)
    url = f"/expos/{expo.slug}/matchmaking/profile/"
    client.post(
        url, {"form": "clock", "time_zone": "Asia/Ulaanbaatar", "hours_from": "09:00", "hours_until": "18:00"}
    )
    saved = MatchPreferences.objects.get(participant=online[0])
    assert (saved.time_zone, saved.local_hours_from, saved.local_hours_until) == (
        "Asia/Ulaanbaatar",
        dt.time(9),
        dt.time(18),
    )
    client.post(url, {"form": "clock", "time_zone": "Nowhere/Else"})
    assert MatchPreferences.objects.get(participant=online[0]).time_zone == "Asia/Ulaanbaatar"
