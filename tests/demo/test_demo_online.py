"""The demo's online negotiation (issue #14.6): online-only buyers from Japan, Korea,
Russia and Mongolia on their own clocks, and online meetings in a published round."""

import pytest

from tradefair.demo.generator import DemoSize, generate_demo
from tradefair.demo.online import ROUND_NAME, ZONES, add_online_negotiation
from tradefair.matchmaking.models import MatchPreferences, Meeting, MeetingMode, Round, RoundStatus

pytestmark = pytest.mark.django_db


def test_remote_buyers_meet_exhibitors_online_in_a_published_round():
    expo = generate_demo(DemoSize(merchants=700, exhibitors=90, countries=20, seed=12, slug="online"))
    scheduled = add_online_negotiation(expo)
    online = MatchPreferences.objects.filter(participant__expo=expo, meeting_mode=MeetingMode.ONLINE)
    assert {p.participant.country.code for p in online} <= set(ZONES)
    assert all(p.time_zone == ZONES[p.participant.country.code] for p in online)
    round_ = Round.objects.get(expo=expo, name=ROUND_NAME)
    assert round_.status == RoundStatus.PUBLISHED
    meetings = Meeting.objects.filter(round=round_, room__isnull=False)
    assert scheduled == meetings.count() > 0
    assert add_online_negotiation(expo) == 0
