"""Times on the expo's clock and dates in each language's CLDR pattern (issue #16, item 4)."""

import datetime as dt
import re

import icalendar
import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.common.formatting import format_day, format_moment, format_span
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain import agenda as agenda_actions
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.models import Meeting, MeetingRequest, RoundStatus
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db

MONDAY_10_SHANGHAI = dt.datetime(2030, 8, 26, 2, 0, tzinfo=dt.UTC)  # 10:00 in Changchun

# CLDR (through Babel) for Monday 26 August 2030; these are the strings the agenda must show.
SHORT_DAY = {
    "ja": "8月26日(月)",
    "zh-hans": "8月26日周一",
    "ko": "8월 26일 (월)",
    "ru": "пн, 26 авг.",
    "en": "Mon, Aug 26",
}
DAY = {
    "ja": "2030年8月26日(月)",
    "zh-hans": "2030年8月26日周一",
    "ko": "2030년 8월 26일 (월)",
    "ru": "пн, 26 авг. 2030\u202fг.",  # CLDR puts a narrow no-break space before г.
    "en": "Mon, Aug 26, 2030",
}


@pytest.mark.parametrize("language", SHORT_DAY)
def test_dates_follow_each_languages_cldr_pattern(language):
    assert format_day(MONDAY_10_SHANGHAI, "MMMEd", language, zone="Asia/Shanghai") == SHORT_DAY[language]
    assert format_day(dt.date(2030, 8, 26), "yMMMEd", language) == DAY[language]


def test_a_moment_is_read_on_the_clock_asked_for():
    # 02:00 UTC is 10:00 in Changchun and still Sunday 22:00 in New York.
    assert (
        format_moment(MONDAY_10_SHANGHAI, language="en", zone="Asia/Shanghai") == "Mon, Aug 26, 2030, 10:00"
    )
    assert (
        format_moment(MONDAY_10_SHANGHAI, language="en", zone="America/New_York")
        == "Sun, Aug 25, 2030, 22:00"
    )
    assert format_moment(MONDAY_10_SHANGHAI, language="ja", zone="Asia/Shanghai") == "2030年8月26日(月) 10:00"
    assert (
        format_span(
            MONDAY_10_SHANGHAI,
            MONDAY_10_SHANGHAI + dt.timedelta(minutes=20),
            language="ru",
            zone="Asia/Shanghai",
        )
        == "пн, 26 авг., 10:00–10:20"
    )


@pytest.fixture
def pair():
    expo = make_expo()
    buyer = person(expo, country="RU", needs=[("842952", "")], roles=[Role.BUYER])
    exhibitor = person(expo, country="CN", offers=[("842952", "")], roles=[Role.EXHIBITOR])
    return expo, buyer, exhibitor


def test_a_preferred_time_entered_on_the_form_is_read_in_the_expos_zone_and_shown_back_in_it(pair):
    expo, buyer, exhibitor = pair
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(buyer.user)
    form = client.get(f"/expos/{expo.slug}/matchmaking/participants/{exhibitor.pk}/request/").content.decode()
    assert "Times are in the expo's time zone (China Standard Time, GMT+08:00)." in form

    response = client.post(
        f"/expos/{expo.slug}/matchmaking/participants/{exhibitor.pk}/request/",
        {"message": "Excavators", "preferred_start": "2030-08-26T10:00"},
    )

    assert response.status_code == 302
    stored = MeetingRequest.objects.get(sender=buyer)
    assert stored.preferred_start == MONDAY_10_SHANGHAI
    page = client.get(f"/expos/{expo.slug}/matchmaking/requests/").content.decode()
    shown = re.search(r'<span class="preferred">([^<]*)</span>', page).group(1)
    assert shown == "Mon, Aug 26, 2030, 10:00"


def test_a_time_proposed_instead_is_read_in_the_expos_zone(pair):
    expo, buyer, exhibitor = pair
    request = request_actions.send_request(buyer, recipient=exhibitor)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(exhibitor.user)

    client.post(
        f"/expos/{expo.slug}/matchmaking/requests/{request.pk}/propose/",
        {"start": "2030-08-26T10:00", "reply": "Later?"},
    )

    request.refresh_from_db()
    assert request.proposed_start == MONDAY_10_SHANGHAI


def test_an_api_time_without_an_offset_is_read_in_the_expos_zone(pair):
    expo, buyer, exhibitor = pair
    request = request_actions.send_request(
        buyer, recipient=exhibitor, preferred_start=dt.datetime(2030, 8, 26, 10, 0)
    )
    assert MeetingRequest.objects.get(pk=request.pk).preferred_start == MONDAY_10_SHANGHAI


@pytest.fixture
def agenda(pair):
    expo, buyer, exhibitor = pair
    round_ = round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Monday",
        days=["2030-08-26"],
        day_starts="10:00",
        day_ends="10:20",
        slot_minutes=20,
    )
    Meeting.objects.create(
        round=round_, requester=buyer, counterpart=exhibitor, slot=round_.slots.get(), table=4
    )
    round_.status = RoundStatus.PUBLISHED
    round_.save()
    return expo, buyer, exhibitor


@pytest.mark.parametrize("language", SHORT_DAY)
def test_the_agenda_shows_the_day_in_the_readers_language(agenda, language):
    expo, buyer, _exhibitor = agenda
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(buyer.user)

    page = client.get(f"/expos/{expo.slug}/matchmaking/agenda/").content.decode()

    assert re.findall(r'<span class="day">([^<]*)</span>', page) == [SHORT_DAY[language]]
    assert "<strong>10:00–10:20</strong>" in page


def test_the_ical_description_gives_the_venues_day_and_time(agenda):
    _expo, buyer, _exhibitor = agenda
    # A calendar program sends no language: the feed speaks the subscriber's own.
    buyer.language = "ko"
    buyer.save(update_fields=["language"])
    calendar = icalendar.Calendar.from_ical(agenda_actions.ical_feed(buyer))
    event = next(iter(calendar.walk("VEVENT")))
    assert event.decoded("dtstart") == MONDAY_10_SHANGHAI
    assert str(event["description"]).endswith("\n2030년 8월 26일 (월) 10:00–10:20 (중국 표준시, GMT+08:00)")


def test_the_admin_shows_and_takes_session_times_on_the_expos_clock(pair):
    from tradefair.program.models import Event, Session

    expo = pair[0]
    event = Event.objects.create(
        expo=expo,
        kind="forum",
        name={"en": "Forum"},
        starts_at=dt.datetime(2030, 8, 26, 1, 0, tzinfo=dt.UTC),
        ends_at=dt.datetime(2030, 8, 26, 9, 0, tzinfo=dt.UTC),
    )
    Session.objects.create(
        event=event,
        title={"en": "Keynote"},
        starts_at=MONDAY_10_SHANGHAI,
        ends_at=MONDAY_10_SHANGHAI + dt.timedelta(hours=1),
        capacity=100,
        language="en",
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    page = client.get(f"/admin/program/event/{event.pk}/change/").content.decode()

    assert 'name="sessions-0-starts_at_1" value="10:00:00"' in page
    assert 'name="starts_at_1" value="09:00:00"' in page
    assert "Times are in the expo's time zone (China Standard Time, GMT+08:00)." in page
    listing = client.get("/admin/program/event/").content.decode()
    assert "Mon, Aug 26, 2030, 09:00 (China Standard Time, GMT+08:00)" in listing
