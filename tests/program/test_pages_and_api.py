import re
import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from icalendar import Calendar

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tests.program.factories import EventFactory, SessionFactory, SpeakerFactory
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.demo.program import add_demo_speakers
from tradefair.people.models import RegistrationStatus
from tradefair.program.domain.programme import ical_token
from tradefair.program.domain.signup import sign_up
from tradefair.program.models import SessionSignup, Speaker

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _auth(user) -> dict:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def session():
    expo = ExpoFactory(slug="cnea")
    session = SessionFactory(
        event=EventFactory(expo=expo), title={"en": "Regional supply chains", "ru": "Цепочки поставок"}
    )
    session.speakers.add(SpeakerFactory(expo=expo, name="王伟", name_latin="Wang Wei"))
    return session


def _member(session):
    user = UserFactory()
    ParticipantFactory(expo=session.event.expo, user=user)
    return user


def test_the_programme_shows_sessions_speakers_language_and_interpretation(client, session):
    text = _text(client.get("/expos/cnea/programme/"))

    assert "China-Japan-ROK Entrepreneurs Summit" in text
    assert "Regional supply chains" in text
    assert "王伟 (Wang Wei)" in text and "Economist." in text
    assert "In Simplified Chinese · interpretation into English, Russian" in text
    assert "0 of 2 seats taken" in text
    assert "09:00–10:30" in text  # 01:00 UTC shown in Asia/Shanghai


def test_the_programme_needs_the_same_queries_for_few_or_many_sessions(client, session):
    with CaptureQueriesContext(connection) as few:
        client.get("/expos/cnea/programme/")
    for _number in range(5):
        extra = SessionFactory(event=session.event)
        extra.speakers.add(SpeakerFactory(expo=session.event.expo))
    with CaptureQueriesContext(connection) as many:
        client.get("/expos/cnea/programme/")
    assert len(many) == len(few)


def test_a_participant_signs_up_on_the_page_and_sees_it_in_their_programme(client, session):
    client.force_login(_member(session))

    response = client.post(f"/expos/cnea/programme/sessions/{session.pk}/signup/", follow=True)

    assert "Your seat is confirmed." in _text(response)
    mine = _text(client.get("/expos/cnea/programme/mine/"))
    assert "Regional supply chains" in mine and "Seat confirmed" in mine


def test_a_full_session_puts_the_page_user_on_the_waiting_list(client, session):
    for _number in range(2):
        sign_up(session, participant=ParticipantFactory(expo=session.event.expo))
    client.force_login(_member(session))

    response = client.post(f"/expos/cnea/programme/sessions/{session.pk}/signup/", follow=True)

    assert "you are number 1 on the waiting list" in _text(response)
    assert "Waiting list, number 1" in _text(client.get("/expos/cnea/programme/mine/"))


def test_someone_not_registered_for_the_expo_is_told_so(client, session):
    client.force_login(UserFactory())
    response = client.post(f"/expos/cnea/programme/sessions/{session.pk}/signup/", follow=True)
    assert "Register for the expo to sign up for sessions." in _text(response)
    assert not SessionSignup.objects.exists()


@pytest.mark.parametrize("status", [RegistrationStatus.PENDING, RegistrationStatus.CHANGES_REQUESTED])
def test_a_registrant_awaiting_approval_is_told_so_not_asked_to_register(client, session, status):
    user = UserFactory()
    ParticipantFactory(expo=session.event.expo, user=user, status=status)
    client.force_login(user)
    response = client.post(f"/expos/cnea/programme/sessions/{session.pk}/signup/", follow=True)
    assert "Your registration awaits the organisers' approval" in _text(response).replace("&#x27;", "'")
    assert "Register for the expo" not in _text(response)
    assert not SessionSignup.objects.exists()


def test_the_programme_calendar_is_valid_icalendar(client, session):
    response = client.get("/expos/cnea/programme.ics")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    assert len(events) == 1
    event = events[0]
    assert str(event["SUMMARY"]) == "Regional supply chains"
    assert event.decoded("DTSTART") == session.starts_at
    assert event.decoded("DTEND") == session.ends_at
    assert str(event["UID"]).startswith(f"session-{session.pk}@")
    assert "Wang Wei" not in str(event["DESCRIPTION"]) and "王伟" in str(event["DESCRIPTION"])
    assert b"\r\n" in response.content  # RFC 5545 line endings


def test_the_personal_calendar_lists_only_ones_own_sessions(client, session):
    other = SessionFactory(event=session.event, title={"en": "Energy"})
    person = ParticipantFactory(expo=session.event.expo)
    sign_up(other, participant=person)

    response = client.get(f"/expos/cnea/programme/calendar/{ical_token(person)}.ics")

    summaries = [str(e["SUMMARY"]) for e in Calendar.from_ical(response.content).walk("VEVENT")]
    assert summaries == ["Energy"]
    assert client.get("/expos/cnea/programme/calendar/forged.ics").status_code == 404


def test_sessions_are_listed_in_the_api_with_seats_and_speakers(client, session):
    sign_up(session, participant=ParticipantFactory(expo=session.event.expo))

    body = client.get("/api/v1/expos/cnea/sessions?lang=ru", HTTP_ACCEPT_LANGUAGE="ru").json()

    result = body["results"][0]
    assert (result["title"], result["language"], result["interpretation"]) == (
        "Цепочки поставок",
        "zh-hans",
        ["en", "ru"],
    )
    assert (result["capacity"], result["confirmed"], result["waiting"]) == (2, 1, 0)
    assert result["speakers"][0]["bio"] == "Экономист."


def test_the_api_signs_up_waits_and_promotes(client, session):
    users = [_member(session) for _number in range(3)]
    url = f"/api/v1/expos/cnea/sessions/{session.pk}/signup"

    answers = [client.post(url, **_auth(user)).json() for user in users]
    assert [a["status"] for a in answers] == ["confirmed", "confirmed", "waiting"]
    assert answers[2]["waiting_position"] == 1

    assert client.delete(url, **_auth(users[0])).status_code == 204
    mine = client.get("/api/v1/expos/cnea/programme/mine", **_auth(users[2])).json()
    assert mine == [{"session_id": session.pk, "status": "confirmed", "waiting_position": None}]


def test_the_api_refuses_signing_up_twice_and_anonymous_sign_ups(client, session):
    user = _member(session)
    url = f"/api/v1/expos/cnea/sessions/{session.pk}/signup"
    client.post(url, **_auth(user))

    again = client.post(url, **_auth(user))

    assert (
        again.status_code == 400 and again.json()["detail"] == "You are already signed up for this session."
    )
    assert client.post(url).status_code == 401


def test_demo_speakers_are_added_once_to_every_session(session):
    from tradefair.people.models import Role

    for _number in range(3):
        ParticipantFactory(expo=session.event.expo, roles=[Role.EXHIBITOR, Role.SPEAKER])
    Speaker.objects.all().delete()

    assert add_demo_speakers(session.event.expo) == 3
    assert add_demo_speakers(session.event.expo) == 0
    session.refresh_from_db()
    assert session.speakers.count() == 2
    assert "zh-hans" not in session.interpretation


def _organiser(session):
    user = UserFactory()
    session.event.expo.organisers.add(user)
    return user


def test_an_organiser_enlarges_a_session_and_the_waiting_list_moves_up(client, session):
    people = [ParticipantFactory(expo=session.event.expo) for _number in range(3)]
    for person in people:
        sign_up(session, participant=person)

    response = client.patch(
        f"/api/v1/expos/cnea/sessions/{session.pk}",
        {"capacity": 3, "interpretation": ["en", "ja", "ko"]},
        content_type="application/json",
        **_auth(_organiser(session)),
    )

    assert response.status_code == 200
    assert (response.json()["confirmed"], response.json()["waiting"]) == (3, 0)
    assert response.json()["interpretation"] == ["en", "ja", "ko"]


def test_an_organiser_adds_a_speaker_with_a_multilingual_bio_and_puts_them_on_stage(client, session):
    headers = _auth(_organiser(session))
    speaker = client.post(
        "/api/v1/expos/cnea/speakers",
        {"name": "김민준", "name_latin": "Kim Min-jun", "bio": {"ko": "경제학자", "en": "Economist"}},
        content_type="application/json",
        **headers,
    ).json()

    body = client.patch(
        f"/api/v1/expos/cnea/sessions/{session.pk}",
        {"speaker_ids": [speaker["id"]]},
        content_type="application/json",
        **headers,
    ).json()

    assert speaker["bio_translations"] == {"ko": "경제학자", "en": "Economist"}
    assert [s["name"] for s in body["speakers"]] == ["김민준"]


def test_participants_cannot_change_the_programme(client, session):
    response = client.patch(
        f"/api/v1/expos/cnea/sessions/{session.pk}",
        {"capacity": 100},
        content_type="application/json",
        **_auth(_member(session)),
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Only the organisers change the programme."


def test_the_personal_calendar_speaks_the_subscribers_language_without_a_browser(client, session):
    """A calendar program sends no Accept-Language: the feed follows the subscriber's
    language for correspondence, not the site's default (issue #16.8)."""
    person = ParticipantFactory(expo=session.event.expo, language="ru")
    sign_up(session, participant=person)

    response = client.get(f"/expos/cnea/programme/calendar/{ical_token(person)}.ics")

    calendar = Calendar.from_ical(response.content)
    assert str(calendar["X-WR-CALNAME"]).startswith("Моя программа · ")
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Цепочки поставок"]
