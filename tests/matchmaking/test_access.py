"""Who sees what: nobody sees another participant's agenda, requests or recommendations,
nor a counterpart's contact details before a meeting is confirmed; only organisers run
rounds. Checked per role, through the API and the pages."""

import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.models import Meeting, MeetingStatus
from tradefair.people.models import RegistrationStatus, Role

pytestmark = pytest.mark.django_db


def auth(user) -> dict:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def world():
    expo = make_expo()
    buyer = person(expo, country="RU", needs=[("842952", "Экскаватор")], roles=[Role.BUYER])
    exhibitor = person(expo, country="CN", offers=[("842952", "挖掘机")], roles=[Role.EXHIBITOR])
    stranger = person(expo, country="DE", needs=[("842952", "")])
    organiser = UserFactory()
    expo.organisers.add(organiser)
    compute_recommendations(expo)
    round_ = round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Day 1",
        days=["2030-08-23"],
        day_starts="09:00",
        day_ends="10:00",
        slot_minutes=20,
        time_limit=3,
    )
    return {
        "expo": expo,
        "buyer": buyer,
        "exhibitor": exhibitor,
        "stranger": stranger,
        "organiser": organiser,
        "round": round_,
    }


def meeting_between(world, status=MeetingStatus.CONFIRMED):
    round_ = world["round"]
    round_.status = "published"
    round_.save()
    return Meeting.objects.create(
        round=round_,
        requester=world["buyer"],
        counterpart=world["exhibitor"],
        slot=round_.slots.first(),
        table=1,
        status=status,
    )


def test_recommendations_are_the_callers_own_with_reasons_in_the_asked_language(client, world):
    slug = world["expo"].slug
    body = client.get(
        f"/api/v1/expos/{slug}/matchmaking/recommendations",
        HTTP_ACCEPT_LANGUAGE="en",
        **auth(world["buyer"].user),
    ).json()
    assert [r["counterpart"]["id"] for r in body["results"]][:1] == [world["exhibitor"].pk]
    assert body["results"][0]["reasons"][0] == "They offer 842952 Экскаватор, which you need"
    assert "email" not in body["results"][0]["counterpart"]


def test_anonymous_and_outsiders_are_refused(client, world):
    slug = world["expo"].slug
    assert client.get(f"/api/v1/expos/{slug}/matchmaking/agenda").status_code == 401
    outsider = UserFactory()
    response = client.get(f"/api/v1/expos/{slug}/matchmaking/agenda", **auth(outsider))
    assert response.status_code == 403
    assert response.json()["detail"] == "Only approved participants of this expo take part in matchmaking."


def test_nobody_sees_another_participants_agenda_or_meeting(client, world):
    meeting = meeting_between(world)
    slug = world["expo"].slug
    mine = client.get(f"/api/v1/expos/{slug}/matchmaking/agenda", **auth(world["buyer"].user)).json()
    theirs = client.get(f"/api/v1/expos/{slug}/matchmaking/agenda", **auth(world["stranger"].user)).json()
    assert [m["id"] for m in mine["results"]] == [meeting.pk]
    assert theirs["results"] == []
    response = client.post(
        f"/api/v1/expos/{slug}/matchmaking/meetings/{meeting.pk}/cancel",
        **auth(world["stranger"].user),
        content_type="application/json",
    )
    assert response.status_code == 404
    client.force_login(world["stranger"].user)
    page = client.get(f"/expos/{slug}/matchmaking/agenda/")
    assert world["exhibitor"].name not in page.content.decode()


def test_contact_details_appear_only_once_the_meeting_is_confirmed(client, world):
    slug = world["expo"].slug
    meeting = meeting_between(world, status=MeetingStatus.CANCELLED)
    body = client.get(f"/api/v1/expos/{slug}/matchmaking/agenda", **auth(world["buyer"].user)).json()
    assert body["results"][0]["contact"] is None

    Meeting.objects.filter(pk=meeting.pk).update(status=MeetingStatus.CONFIRMED)
    body = client.get(f"/api/v1/expos/{slug}/matchmaking/agenda", **auth(world["buyer"].user)).json()
    assert body["results"][0]["contact"] == {
        "name": world["exhibitor"].name,
        "email": world["exhibitor"].email,
    }
    client.force_login(world["buyer"].user)
    assert world["exhibitor"].email in client.get(f"/expos/{slug}/matchmaking/agenda/").content.decode()


def test_requests_show_no_contact_and_only_to_their_two_sides(client, world):
    slug = world["expo"].slug
    created = client.post(
        f"/api/v1/expos/{slug}/matchmaking/requests",
        {"recipient": world["exhibitor"].pk, "message": "Hello"},
        content_type="application/json",
        **auth(world["buyer"].user),
    )
    assert created.status_code == 201 and created.json()["status"] == "pending"
    assert world["exhibitor"].email not in created.content.decode()
    pk = created.json()["id"]
    assert (
        client.get(f"/api/v1/expos/{slug}/matchmaking/requests", **auth(world["stranger"].user)).json()[
            "count"
        ]
        == 0
    )
    refused = client.post(
        f"/api/v1/expos/{slug}/matchmaking/requests/{pk}/accept",
        **auth(world["stranger"].user),
        content_type="application/json",
    )
    assert refused.status_code == 404
    wrong_side = client.post(
        f"/api/v1/expos/{slug}/matchmaking/requests/{pk}/accept",
        **auth(world["buyer"].user),
        content_type="application/json",
    )
    assert wrong_side.status_code == 403 and wrong_side.json() == {
        "detail": "Only the recipient can accept this request.",
        "code": "request_not_yours",
    }
    accepted = client.post(
        f"/api/v1/expos/{slug}/matchmaking/requests/{pk}/accept",
        **auth(world["exhibitor"].user),
        content_type="application/json",
    )
    assert accepted.json()["status"] == "accepted"


def test_only_organisers_run_rounds(client, world):
    slug, pk = world["expo"].slug, world["round"].pk
    for who in ("buyer", "exhibitor"):
        response = client.post(f"/api/v1/expos/{slug}/matchmaking/rounds/{pk}/run", **auth(world[who].user))
        assert response.status_code == 403
        client.force_login(world[who].user)
        assert client.get(f"/expos/{slug}/matchmaking/rounds/{pk}/").status_code == 403
    client.logout()
    ran = client.post(f"/api/v1/expos/{slug}/matchmaking/rounds/{pk}/run", **auth(world["organiser"]))
    assert ran.status_code == 200 and ran.json()["status"] == "scheduled"
    report = client.get(
        f"/api/v1/expos/{slug}/matchmaking/rounds/{pk}/report", **auth(world["organiser"])
    ).json()
    assert report["engine"]["meetings"] >= 1 and report["baseline"]["meetings"] >= 1


def test_an_organiser_runs_and_publishes_a_round_from_the_browser_and_the_buyer_sees_the_table(client, world):
    slug, pk = world["expo"].slug, world["round"].pk
    client.force_login(world["organiser"])
    client.post(f"/expos/{slug}/matchmaking/rounds/{pk}/run/")
    page = client.get(f"/expos/{slug}/matchmaking/rounds/{pk}/").content.decode()
    assert "First come, first served" in page and "Accepted requests scheduled" in page
    client.post(f"/expos/{slug}/matchmaking/rounds/{pk}/publish/")

    client.force_login(world["buyer"].user)
    agenda = client.get(f"/expos/{slug}/matchmaking/agenda/").content.decode()
    meeting = (
        Meeting.objects.get(round_id=pk, requester__in=[world["buyer"]])
        if Meeting.objects.filter(round_id=pk, requester=world["buyer"]).exists()
        else Meeting.objects.get(round_id=pk, counterpart=world["buyer"])
    )
    assert f"<strong>{meeting.table}</strong>" in agenda
    assert world["exhibitor"].name in agenda
    local = meeting.slot.starts_at.astimezone(world["expo"].tz).strftime("%H:%M")
    assert local.startswith("09:") and local in agenda  # the expo's time zone, not UTC (01:..)
    ical = client.get(f"/expos/{slug}/matchmaking/agenda.ics")
    assert ical["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in ical.content


def test_the_exhibitor_page_link_leads_to_the_request_form(client, world):
    from django.urls import reverse

    from tradefair.catalog.models import Exhibitor

    exhibitor = Exhibitor.objects.create(expo=world["expo"], organisation=world["exhibitor"].organisation)
    client.force_login(world["buyer"].user)
    url = reverse(
        "matchmaking:request_meeting", kwargs={"slug": world["expo"].slug, "exhibitor_id": exhibitor.pk}
    )
    assert url == reverse(
        "matchmaking:request-meeting", kwargs={"slug": world["expo"].slug, "exhibitor_id": exhibitor.pk}
    )
    form = client.get(url, follow=True)
    assert world["exhibitor"].name in form.content.decode()
    sent = client.post(form.redirect_chain[-1][0], {"message": "Bonjour"}, follow=True)
    assert "Your request was sent" in sent.content.decode()
    assert world["exhibitor"].received_requests.get().message == "Bonjour"


def test_the_recommendations_page_needs_the_same_queries_for_few_or_many(client, world):
    slug = world["expo"].slug
    client.force_login(world["buyer"].user)
    with CaptureQueriesContext(connection) as few:
        client.get(f"/expos/{slug}/matchmaking/")
    for i in range(6):
        person(world["expo"], country=["JP", "KR", "MN"][i % 3], offers=[("842952", f"Excavator {i}")])
    compute_recommendations(world["expo"])
    with CaptureQueriesContext(connection) as many:
        page = client.get(f"/expos/{slug}/matchmaking/")
    assert page.content.decode().count("Request a meeting") >= 7
    assert len(many) == len(few)


def test_request_limits_and_expiry_come_back_as_messages_not_errors(client, world):
    from tradefair.matchmaking.models import MatchmakingSettings

    MatchmakingSettings.objects.filter(expo=world["expo"]).update(max_pending_requests=1)
    request_actions.send_request(world["buyer"], recipient=world["exhibitor"])
    response = client.post(
        f"/api/v1/expos/{world['expo'].slug}/matchmaking/requests",
        {"recipient": world["stranger"].pk},
        content_type="application/json",
        **auth(world["buyer"].user),
    )
    assert response.status_code == 400 and response.json()["code"] == "request_limit"


def test_organisers_open_rounds_change_settings_and_upload_schedules_through_the_api(client, world):
    slug = world["expo"].slug
    headers = auth(world["organiser"])
    created = client.post(
        f"/api/v1/expos/{slug}/matchmaking/rounds",
        {
            "name": "Day 2",
            "days": ["2030-08-24"],
            "day_starts": "09:00",
            "day_ends": "10:00",
            "time_limit": 2,
        },
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201 and created.json()["slots"] == 3
    pk = created.json()["id"]
    refused = client.put(
        f"/api/v1/expos/{slug}/matchmaking/rounds/{pk}/schedule",
        {"format": "x"},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 400
    client.post(f"/api/v1/expos/{slug}/matchmaking/rounds/{pk}/run", **headers)
    schedule = client.get(f"/api/v1/expos/{slug}/matchmaking/rounds/{pk}/schedule", **headers).json()
    instance = client.get(f"/api/v1/expos/{slug}/matchmaking/rounds/{pk}/instance", **headers).json()
    assert instance["format"] == "tradefair-instance/1" and schedule["format"] == "tradefair-schedule/1"
    stored = client.put(
        f"/api/v1/expos/{slug}/matchmaking/rounds/{pk}/schedule",
        schedule,
        content_type="application/json",
        **headers,
    )
    assert stored.json() == {"meetings": len(schedule["meetings"])}

    settings = client.get(f"/api/v1/expos/{slug}/matchmaking/settings", **headers).json()
    settings["max_pending_requests"] = 0
    bad = client.put(
        f"/api/v1/expos/{slug}/matchmaking/settings", settings, content_type="application/json", **headers
    )
    assert bad.status_code == 400
    settings["max_pending_requests"] = 3
    assert (
        client.put(
            f"/api/v1/expos/{slug}/matchmaking/settings", settings, content_type="application/json", **headers
        ).json()["max_pending_requests"]
        == 3
    )
    assert (
        client.get(f"/api/v1/expos/{slug}/matchmaking/settings", **auth(world["buyer"].user)).status_code
        == 403
    )


def test_a_participant_edits_offers_and_preferences_and_the_lists_follow(client, world):
    slug = world["expo"].slug
    seller = person(world["expo"], country="KR", offers=[("100630", "Rice")])
    compute_recommendations(world["expo"])
    headers = auth(seller.user)
    assert client.get(f"/api/v1/expos/{slug}/matchmaking/recommendations", **headers).json()["count"] == 0

    added = client.post(
        f"/api/v1/expos/{slug}/matchmaking/profile",
        {"kind": "offer", "hs_code": "842952", "text": "굴착기"},
        content_type="application/json",
        **headers,
    )
    assert added.status_code == 201
    mine = client.get(f"/api/v1/expos/{slug}/matchmaking/recommendations", **headers).json()
    assert {r["counterpart"]["id"] for r in mine["results"]} == {world["buyer"].pk, world["stranger"].pk}

    bad = client.post(
        f"/api/v1/expos/{slug}/matchmaking/profile",
        {"kind": "offer", "hs_code": "99999"},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400 and "HS code" in bad.json()["detail"]

    client.put(
        f"/api/v1/expos/{slug}/matchmaking/preferences",
        {"excluded_countries": ["DE"]},
        content_type="application/json",
        **headers,
    )
    mine = client.get(f"/api/v1/expos/{slug}/matchmaking/recommendations", **headers).json()
    assert [r["counterpart"]["id"] for r in mine["results"]] == [world["buyer"].pk]
    theirs = client.get(
        f"/api/v1/expos/{slug}/matchmaking/recommendations", **auth(world["stranger"].user)
    ).json()
    assert seller.pk not in {r["counterpart"]["id"] for r in theirs["results"]}


def test_the_profile_page_adds_and_removes_offers(client, world):
    slug = world["expo"].slug
    client.force_login(world["buyer"].user)
    page = client.post(
        f"/expos/{slug}/matchmaking/profile/",
        {"form": "interest", "kind": "offer", "hs_code": "260111", "text": "Железная руда"},
        follow=True,
    ).content.decode()
    assert "Железная руда" in page and "your recommendations were refreshed" in page
    offer = world["buyer"].offers.get()
    page = client.post(
        f"/expos/{slug}/matchmaking/profile/",
        {"form": "remove", "kind": "offer", "pk": offer.pk},
        follow=True,
    ).content.decode()
    assert "No offers yet." in page
    other = person(world["expo"], offers=[("260111", "")])
    page = client.post(
        f"/expos/{slug}/matchmaking/profile/",
        {"form": "remove", "kind": "offer", "pk": other.offers.get().pk},
        follow=True,
    ).content.decode()
    assert "That entry is not one of yours." in page and other.offers.count() == 1


def test_actions_never_redirect_off_site(client, world):
    client.force_login(world["buyer"].user)
    response = client.post(
        f"/expos/{world['expo'].slug}/matchmaking/participants/{world['exhibitor'].pk}/mark/",
        {"kind": "bookmark", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == f"/expos/{world['expo'].slug}/matchmaking/"


@pytest.mark.parametrize("status", [RegistrationStatus.PENDING, RegistrationStatus.CHANGES_REQUESTED])
def test_a_registrant_awaiting_approval_is_told_so_on_the_matchmaking_page(client, world, status):
    """Signed in after choosing a password, before the organisers decide: the page says
    the registration waits, not "not allowed", and shows no one."""
    waiting = person(world["expo"], country="MN", needs=[("842952", "")], status=status)
    client.force_login(waiting.user)
    page = client.get(f"/expos/{world['expo'].slug}/matchmaking/?lang=ru")
    text = page.content.decode()
    assert page.status_code == 403
    assert "Ваша регистрация ожидает одобрения организаторов" in text
    assert "Request a meeting" not in text and world["exhibitor"].name not in text


def test_a_refused_registrant_is_not_told_it_waits(client, world):
    refused = person(world["expo"], country="MN", status=RegistrationStatus.REJECTED)
    client.force_login(refused.user)
    page = client.get(f"/expos/{world['expo'].slug}/matchmaking/")
    assert page.status_code == 403 and "awaits" not in page.content.decode()
