"""The demo's on-site activity: gate scans, a published B2B round, the meetings'
outcomes and the deals that came from them (issue #8)."""

import datetime as dt
import uuid
from collections import Counter
from decimal import Decimal

import pytest

from tradefair import engine
from tradefair.catalog.models import InvestmentProject
from tradefair.deals.models import Deal
from tradefair.demo.generator import DemoSize, generate_demo
from tradefair.demo.onsite import GATES
from tradefair.matchmaking.domain.rounds import decompress
from tradefair.matchmaking.models import Meeting, MeetingRequest, MeetingStatus, Round, RoundStatus
from tradefair.onsite.domain.checkin import may_check_in
from tradefair.onsite.models import CheckIn
from tradefair.reports.domain.publication import current_publication, is_published
from tradefair.reports.domain.results import compute_results

pytestmark = pytest.mark.django_db

SIZE = {"merchants": 700, "exhibitors": 90, "countries": 20}


def _demo(slug: str = "activity", seed: int = 12):
    return generate_demo(DemoSize(**SIZE, seed=seed, slug=slug))


def _activity(expo) -> list:
    """The demo's activity without keys or wall-clock stamps, to compare two runs."""
    requests = list(
        MeetingRequest.objects.filter(expo=expo)
        .order_by("id")
        .values_list("sender__name", "recipient__name", "status", "created_at", "answered_at")
    )
    meetings = list(
        Meeting.objects.filter(round__expo=expo)
        .order_by("slot__starts_at", "table")
        .values_list("requester__name", "counterpart__name", "slot__starts_at", "table", "status")
    )
    scans = list(
        CheckIn.objects.filter(expo=expo)
        .order_by("id")
        .values_list("participant__name", "gate", "nonce", "scanned_at", "scanned_by__first_name")
    )
    deals = list(Deal.objects.filter(expo=expo).order_by("id").values_list("amount", "currency", "signed_on"))
    meeting_deals = Deal.objects.filter(expo=expo, meeting__isnull=False).count()
    return [requests, meetings, scans, deals, meeting_deals]


def test_the_results_show_check_ins_held_meetings_and_deals_from_meetings():
    expo = _demo()
    results = compute_results(expo)
    figures = results.figures
    assert 0.78 <= figures["checked_in"] / figures["participants"] <= 0.93
    assert figures["meetings_held"] > 0
    assert results.tables["matchmaking"]["deals_signed"] > 0
    # The headline figures stay those of the 12th China-Northeast Asia Expo.
    assert figures["trade_volume"] == Decimal("728670000.00")
    projects = InvestmentProject.objects.filter(expo=expo).count()
    assert figures["contracted_projects"] == min(93, projects)
    # The edition is over and its results were published at the closing.
    assert is_published(expo)
    assert current_publication(expo).published_at.astimezone(expo.tz).date() == expo.ends
    assert figures["meetings_scheduled"] > figures["meetings_held"]  # no-shows were scheduled too


def test_the_round_is_published_and_nobody_nor_any_table_is_double_booked():
    expo = _demo()
    round_ = Round.objects.get(expo=expo)
    assert round_.status == RoundStatus.PUBLISHED
    instance = engine.parse_instance(decompress(round_.instance_gz))
    assert engine.validate_schedule(instance, decompress(round_.schedule_gz)) == []
    live = Meeting.objects.filter(round=round_).exclude(status=MeetingStatus.CANCELLED)
    seats = Counter()
    for a, b, slot in live.values_list("requester_id", "counterpart_id", "slot_id"):
        seats[a, slot] += 1
        seats[b, slot] += 1
    assert seats and max(seats.values()) == 1
    tables = Counter(live.values_list("slot_id", "table"))
    assert max(tables.values()) == 1
    # Every meeting comes from an accepted request: the demo's round holds required pairs only.
    assert not Meeting.objects.filter(round=round_, request__isnull=True).exists()
    assert MeetingRequest.objects.filter(expo=expo, status="accepted").count() >= live.count()


def test_check_ins_are_the_scans_a_gate_makes():
    expo = _demo()
    scans = list(CheckIn.objects.filter(expo=expo).select_related("badge", "scanned_by"))
    assert scans
    tz = expo.tz
    for scan in scans:
        assert scan.badge.participant_id == scan.participant_id and scan.badge.is_valid
        assert scan.badge.issued_at < scan.scanned_at
        assert scan.gate in GATES
        assert uuid.UUID(scan.nonce).version == 4
        local = scan.scanned_at.astimezone(tz)
        assert expo.starts <= local.date() <= expo.ends
        assert dt.time(7, 30) <= local.time() <= dt.time(17)
        assert scan.received_at >= scan.scanned_at
    staff = {scan.scanned_by for scan in scans}
    assert all(may_check_in(user, expo) for user in staff)


def test_meeting_outcomes_follow_the_scans():
    expo = _demo()
    tz = expo.tz
    came = {
        (pk, at.astimezone(tz).date())
        for pk, at in CheckIn.objects.filter(expo=expo).values_list("participant_id", "scanned_at")
    }
    meetings = list(Meeting.objects.filter(round__expo=expo).select_related("slot"))
    statuses = Counter(meeting.status for meeting in meetings)
    assert statuses[MeetingStatus.CONFIRMED] == 0
    assert statuses[MeetingStatus.HELD] > statuses[MeetingStatus.NO_SHOW] + statuses[MeetingStatus.CANCELLED]
    for meeting in meetings:
        day = meeting.slot.starts_at.astimezone(tz).date()
        if meeting.status == MeetingStatus.HELD:
            assert (meeting.requester_id, day) in came and (meeting.counterpart_id, day) in came
        if meeting.status == MeetingStatus.CANCELLED:
            assert meeting.involves(meeting.cancelled_by_id)
            assert meeting.cancelled_at < meeting.slot.starts_at


def test_a_deal_from_a_meeting_is_between_its_organisations_and_signed_after_it():
    expo = _demo()
    deals = Deal.objects.filter(expo=expo, meeting__isnull=False).select_related("meeting__slot")
    assert deals
    for deal in deals:
        meeting = deal.meeting
        assert meeting.status == MeetingStatus.HELD
        parties = set(deal.parties.values_list("id", flat=True))
        assert parties == {meeting.requester.organisation_id, meeting.counterpart.organisation_id}
        assert deal.signed_on >= meeting.slot.starts_at.astimezone(expo.tz).date()


def test_the_same_seed_gives_the_same_activity_and_another_seed_another():
    first, second, third = _demo("first", 7), _demo("second", 7), _demo("third", 8)
    assert _activity(first) == _activity(second)
    assert _activity(first) != _activity(third)


def test_a_tiny_demo_without_matchmaking_still_loads():
    expo = generate_demo(DemoSize(merchants=6, exhibitors=2, countries=2, seed=4, slug="tiny"))
    assert CheckIn.objects.filter(expo=expo).exists()
    assert compute_results(expo).figures["trade_volume"] == Decimal("728670000.00")
