import datetime as dt
from collections import Counter

import icalendar
import pytest
from django.utils import timezone

from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair import engine
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain import agenda as agenda_actions
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.errors import MatchmakingError
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.domain.report import report_data
from tradefair.matchmaking.models import Meeting, MeetingStatus, Round, RoundStatus
from tradefair.matchmaking.tasks import run_round_task
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db

DAY = "2030-08-23"


@pytest.fixture
def small_expo():
    expo = make_expo()
    buyers = [
        person(expo, country=country, needs=[("851762", ""), ("842952", "")], roles=[Role.BUYER])
        for country in ("RU", "MN", "DE", "KR")
    ]
    exhibitors = [
        person(expo, country="CN", offers=[(code, "")], roles=[Role.EXHIBITOR])
        for code in ("851762", "842952", "851713")
    ]
    late = person(
        expo, country="JP", needs=[("851762", "")], roles=[Role.BUYER], arrival=dt.date(2030, 8, 25)
    )
    compute_recommendations(expo)
    request = request_actions.send_request(buyers[0], recipient=exhibitors[2])
    request_actions.accept_request(request, by=exhibitors[2])
    return expo, buyers, exhibitors, late


def make_round(expo, **extra):
    return round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Day 1",
        days=[DAY],
        day_starts="09:00",
        day_ends="11:00",
        slot_minutes=20,
        breaks=[("10:00", "10:20")],
        tables=3,
        time_limit=5,
        **extra,
    )


def stored_problems(round_: Round) -> list[str]:
    instance = engine.parse_instance(round_actions.decompress(round_.instance_gz))
    return engine.validate_schedule(instance, round_actions.decompress(round_.schedule_gz))


def test_the_slot_grid_skips_the_break_and_reads_times_in_the_expos_zone():
    expo = make_expo()
    round_ = make_round(expo)
    starts = [slot.starts_at.astimezone(expo.tz).strftime("%H:%M") for slot in round_.slots.all()]
    assert starts == ["09:00", "09:20", "09:40", "10:20", "10:40"]
    assert round_.slots.first().starts_at == dt.datetime(2030, 8, 23, 1, 0, tzinfo=dt.UTC)


def test_a_round_is_scheduled_validly_with_accepted_requests_and_beats_first_come_first_served(small_expo):
    expo, buyers, exhibitors, late = small_expo
    round_ = make_round(expo)
    round_actions.start_run(round_)

    run_round_task.delay(round_.pk)

    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCHEDULED
    assert stored_problems(round_) == []
    meetings = list(round_.meetings.all())
    pairs = {frozenset((m.requester_id, m.counterpart_id)) for m in meetings}
    assert frozenset((buyers[0].pk, exhibitors[2].pk)) in pairs  # the accepted request
    assert all(late.pk not in pair for pair in pairs)  # arrives after the round's day
    busy = Counter((m.slot_id, p) for m in meetings for p in (m.requester_id, m.counterpart_id))
    assert max(busy.values()) == 1
    assert all(1 <= m.table <= 3 for m in meetings)
    assert [phase for _s, phase, _n in round_.progress][:2] == ["instance", "selection"]
    report = report_data(round_)
    assert report["engine"]["required_scheduled"] == report["engine"]["required_total"] == 1
    assert report["engine"]["weight"] >= report["baseline"]["weight"]
    assert report["engine"]["upper_bound"] >= report["engine"]["weight"]


def test_pinned_meetings_stay_where_they_are_when_the_round_is_run_again(small_expo):
    expo = small_expo[0]
    round_ = make_round(expo)
    round_ = round_actions.run_round(round_)
    kept = round_.meetings.order_by("id").last()
    round_actions.pin_meeting(kept, pinned=True, by=OPERATOR)
    before = (kept.pk, kept.slot_id, kept.table, kept.requester_id, kept.counterpart_id)

    round_actions.run_round(Round.objects.get(pk=round_.pk))

    kept.refresh_from_db()
    assert (kept.pk, kept.slot_id, kept.table, kept.requester_id, kept.counterpart_id) == before
    others = round_.meetings.exclude(pk=kept.pk)
    assert not others.filter(slot=kept.slot, table=kept.table).exists()
    assert not others.filter(
        slot=kept.slot, requester_id__in=[kept.requester_id, kept.counterpart_id]
    ).exists()
    assert not others.filter(
        slot=kept.slot, counterpart_id__in=[kept.requester_id, kept.counterpart_id]
    ).exists()
    pairs = [frozenset((m.requester_id, m.counterpart_id)) for m in round_.meetings.all()]
    assert len(pairs) == len(set(pairs))


def test_nobody_is_double_booked_with_a_meeting_of_another_round(small_expo):
    expo, buyers, exhibitors, _late = small_expo
    first = make_round(expo)
    round_actions.run_round(first)
    taken = {
        (m.slot.starts_at, p)
        for m in first.meetings.select_related("slot")
        for p in (m.requester_id, m.counterpart_id)
    }
    second = round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Overlap",
        days=[DAY],
        day_starts="09:00",
        day_ends="11:00",
        slot_minutes=20,
        time_limit=5,
    )

    round_actions.run_round(second)

    for meeting in second.meetings.select_related("slot"):
        for p in (meeting.requester_id, meeting.counterpart_id):
            assert (meeting.slot.starts_at, p) not in taken


def test_programme_sessions_people_signed_up_for_are_kept_free(small_expo):
    """Uses the programme's sign-up model when it exists (found by its foreign keys)."""
    from django.apps import apps

    from tradefair.program.models import Event, Session

    expo, buyers, _exhibitors, _late = small_expo
    signup = next(
        (
            model
            for model in apps.get_app_config("program").get_models()
            if {f.related_model for f in model._meta.get_fields() if getattr(f, "many_to_one", False)}
            >= {Session, apps.get_model("people", "Participant")}
        ),
        None,
    )
    if signup is None:
        pytest.skip("the programme has no session sign-up model yet")
    tz = expo.tz
    event = Event.objects.create(
        expo=expo,
        kind="forum",
        name={"en": "Forum"},
        starts_at=dt.datetime(2030, 8, 23, 9, tzinfo=tz),
        ends_at=dt.datetime(2030, 8, 23, 17, tzinfo=tz),
    )
    session = Session.objects.create(
        event=event,
        title={"en": "Keynote"},
        starts_at=dt.datetime(2030, 8, 23, 9, tzinfo=tz),
        ends_at=dt.datetime(2030, 8, 23, 10, tzinfo=tz),
        capacity=100,
        language="en",
    )
    links = {f.related_model: f.name for f in signup._meta.get_fields() if getattr(f, "many_to_one", False)}
    fields = {f.name for f in signup._meta.get_fields()}
    extra = {name: timezone.now() for name in ("queued_at", "confirmed_at", "created_at") if name in fields}
    if "status" in fields:
        extra["status"] = "confirmed"
    signup.objects.create(
        **{links[Session]: session, links[apps.get_model("people", "Participant")]: buyers[0]}, **extra
    )
    round_ = make_round(expo)

    round_ = round_actions.run_round(round_)

    for meeting in round_.meetings.filter(requester=buyers[0]) | round_.meetings.filter(
        counterpart=buyers[0]
    ):
        assert not (meeting.slot.starts_at < session.ends_at and session.starts_at < meeting.slot.ends_at)


def test_an_uploaded_schedule_is_validated_before_it_is_stored(small_expo):
    expo = small_expo[0]
    round_ = make_round(expo)
    round_ = round_actions.run_round(round_)
    good = round_actions.decompress(round_.schedule_gz)
    clash = dict(good, meetings=[dict(m, slot=good["meetings"][0]["slot"]) for m in good["meetings"]])

    with pytest.raises(MatchmakingError) as error:
        round_actions.upload_schedule(round_, clash, by=OPERATOR)
    assert error.value.code == "schedule_invalid"
    assert round_.meetings.count() == len(good["meetings"])

    first_only = dict(good, meetings=good["meetings"][:1])
    assert round_actions.upload_schedule(round_, first_only, by=OPERATOR) == 1
    assert round_.meetings.count() == 1


def test_the_agenda_is_published_cancelled_and_exported_as_valid_ical(small_expo):
    expo, buyers, exhibitors, _late = small_expo
    round_ = make_round(expo)
    round_ = round_actions.run_round(round_)
    buyer = buyers[0]
    assert list(agenda_actions.agenda_of(buyer)) == []  # not published yet
    round_actions.publish_round(round_, by=OPERATOR)
    meetings = list(agenda_actions.agenda_of(buyer))
    assert meetings

    calendar = icalendar.Calendar.from_ical(agenda_actions.ical_feed(buyer))
    events = calendar.walk("VEVENT")
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert len(events) == len(meetings)
    first = meetings[0]
    assert events[0].decoded("DTSTART") == first.slot.starts_at
    assert events[0].decoded("DTEND") == first.slot.ends_at
    assert f"table {first.table}" in str(events[0]["SUMMARY"])
    assert len({str(e["UID"]) for e in events}) == len(events)

    other = first.other(buyer.pk)
    agenda_actions.cancel_meeting(first, by=buyer)
    first.refresh_from_db()
    assert first.status == MeetingStatus.CANCELLED
    assert other.notifications.filter(kind="meeting_cancelled").exists()
    assert (
        len(icalendar.Calendar.from_ical(agenda_actions.ical_feed(buyer)).walk("VEVENT")) == len(meetings) - 1
    )
    # The freed table can take another meeting in that slot.
    Meeting.objects.create(
        round=round_, requester=buyers[3], counterpart=exhibitors[0], slot=first.slot, table=first.table
    )


def test_outcomes_are_recorded_once_the_meeting_has_begun(small_expo):
    expo, buyers, _exhibitors, _late = small_expo
    round_ = make_round(expo)
    round_ = round_actions.run_round(round_)
    round_actions.publish_round(round_, by=OPERATOR)
    meeting = agenda_actions.agenda_of(buyers[0]).first()
    with pytest.raises(MatchmakingError) as error:
        agenda_actions.record_outcome(meeting, by=buyers[0], outcome="held")
    assert error.value.code == "meeting_not_started"

    meeting.slot.starts_at = timezone.now() - dt.timedelta(minutes=5)
    meeting.slot.ends_at = timezone.now() + dt.timedelta(minutes=15)
    meeting.slot.save()
    agenda_actions.record_outcome(meeting, by=buyers[0], outcome="follow_up", note="Send a quotation")

    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.follow_up_planned
    assert report_data(round_)["engine"]["no_show_rate"] == 0.0


def test_accepted_requests_are_required_pairs_and_a_sponsors_weigh_more(small_expo):
    from tradefair.matchmaking.models import MatchPreferences

    expo, buyers, exhibitors, _late = small_expo
    MatchPreferences.objects.create(participant=buyers[1], is_sponsor=True)
    request = request_actions.send_request(buyers[1], recipient=exhibitors[0])
    request_actions.accept_request(request, by=exhibitors[0])

    instance = round_actions.build_instance(make_round(expo)).data

    required = {(p["a"], p["b"]): p["weight"] for p in instance["pairs"] if p.get("required")}
    assert required == {
        (f"p{buyers[0].pk}", f"p{exhibitors[2].pk}"): round_actions.REQUIRED_WEIGHT,
        (f"p{buyers[1].pk}", f"p{exhibitors[0].pk}"): round_actions.REQUIRED_WEIGHT * 1.5,
    }
    assert engine.parse_instance(instance).n_pairs == len(instance["pairs"])


def test_a_run_whose_process_died_may_be_started_again_once_far_past_its_limit(small_expo):
    expo, *_ = small_expo
    round_ = make_round(expo)
    round_actions.start_run(round_)
    with pytest.raises(MatchmakingError) as refused:
        round_actions.start_run(round_)
    assert refused.value.code == "round_running"

    # The worker was killed: nothing finishes the run, and it ages past its limit.
    long_ago = timezone.now() - dt.timedelta(seconds=round_.time_limit) - round_actions.ABANDONED_AFTER
    Round.objects.filter(pk=round_.pk).update(started_at=long_ago - dt.timedelta(seconds=1))
    round_.refresh_from_db()
    assert round_actions.run_abandoned(round_)

    restarted = round_actions.start_run(round_)
    assert restarted.status == RoundStatus.RUNNING
    assert restarted.started_at > long_ago
    assert not round_actions.run_abandoned(restarted)
    run_round_task(restarted.pk)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.SCHEDULED
    assert stored_problems(round_) == []


def test_the_agenda_feed_speaks_the_subscribers_language(small_expo):
    """The feed is fetched by calendar programs, which send no Accept-Language (#16.8)."""
    expo, buyers, _exhibitors, _late = small_expo
    round_actions.publish_round(round_actions.run_round(make_round(expo)), by=OPERATOR)
    buyer = buyers[0]
    buyer.language = "fr"
    buyer.save(update_fields=["language"])

    events = icalendar.Calendar.from_ical(agenda_actions.ical_feed(buyer)).walk("VEVENT")

    assert events and all(str(event["SUMMARY"]).startswith("Rendez-vous avec ") for event in events)
