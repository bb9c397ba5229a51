"""The results count online meetings held (from the video rooms' attendance) and the
deals recorded from them, and the communiqué says so (issue #14.5)."""

import pytest
from django.utils import translation

from tests.deals.factories import make_deal
from tests.matchmaking.rooms_world import online_world
from tradefair.matchmaking.domain import attendance
from tradefair.matchmaking.models import RoomVisit
from tradefair.reports.domain.communique import headline_sentences
from tradefair.reports.domain.results import compute_results

pytestmark = pytest.mark.django_db


def test_online_meetings_held_and_their_deals_are_counted_and_told(settings):
    settings.ROOM_HELD_SECONDS = 300
    world = online_world()
    meeting = world["meeting"]
    for who in ("buyer", "exhibitor"):
        RoomVisit.objects.create(
            meeting=meeting,
            user=world[who].user,
            participant=world[who],
            joined_at=meeting.slot.starts_at,
            last_seen_at=meeting.slot.ends_at,
        )
    assert attendance.settle_online_meetings(now=meeting.slot.ends_at) == {"held": 1, "no_show": 0}
    make_deal(
        world["expo"],
        parties=[world["buyer"].organisation, world["exhibitor"].organisation],
        meeting_id=meeting.pk,
    )
    results = compute_results(world["expo"])
    tables = results.tables["matchmaking"]
    assert (tables["online_meetings_held"], tables["online_meeting_deals"]) == (1, 1)
    with translation.override("en"):
        text = " ".join(headline_sentences(results, "en"))
    assert "1 of the business meetings was held online by video, from which 1 deal was recorded." in text
