import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.matchmaking.domain import requests as actions
from tradefair.matchmaking.domain.errors import MatchmakingError
from tradefair.matchmaking.domain.notifications import render_notification
from tradefair.matchmaking.models import MatchmakingSettings, MeetingRequest, Notification, RequestStatus
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    expo = make_expo()
    return person(expo, country="RU"), person(expo, country="CN")


def test_a_request_is_sent_accepted_and_both_sides_hear_of_it(pair, django_capture_on_commit_callbacks):
    sender, recipient = pair
    with django_capture_on_commit_callbacks(execute=True):
        request = actions.send_request(sender, recipient=recipient, message="Let us talk about excavators")
    assert request.status == RequestStatus.PENDING
    assert Notification.objects.get(participant=recipient).kind == "request_received"
    assert mail.outbox[-1].to == [recipient.email]

    with django_capture_on_commit_callbacks(execute=True):
        actions.accept_request(request, by=recipient)

    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED and request.answered_at is not None
    assert Notification.objects.filter(participant=sender, kind="request_accepted").count() == 1


def test_the_e_mail_is_written_in_the_recipients_language(pair, django_capture_on_commit_callbacks):
    sender, recipient = pair
    recipient.language = "ru"
    recipient.save()
    with django_capture_on_commit_callbacks(execute=True):
        actions.send_request(sender, recipient=recipient)
    # The Russian catalogue may not be translated yet; the body is rendered under the
    # recipient's language, which the template's own translated lines follow.
    assert sender.name in mail.outbox[-1].body


def test_only_the_recipient_answers_and_only_the_sender_withdraws(pair):
    sender, recipient = pair
    request = actions.send_request(sender, recipient=recipient)
    with pytest.raises(MatchmakingError) as error:
        actions.accept_request(request, by=sender)
    assert error.value.code == "request_not_yours"
    with pytest.raises(MatchmakingError):
        actions.withdraw_request(request, by=recipient)

    actions.withdraw_request(request, by=sender)
    request.refresh_from_db()
    assert request.status == RequestStatus.WITHDRAWN
    with pytest.raises(MatchmakingError) as error:
        actions.accept_request(request, by=recipient)
    assert error.value.code == "request_closed"


def test_another_time_is_proposed_and_the_sender_accepts_it(pair):
    sender, recipient = pair
    request = actions.send_request(sender, recipient=recipient)
    later = timezone.now() + dt.timedelta(days=2)

    actions.propose_time(request, by=recipient, start=later, reply="Tuesday suits me better")
    request.refresh_from_db()
    assert request.status == RequestStatus.COUNTER_PROPOSED and request.proposed_start == later
    with pytest.raises(MatchmakingError):
        actions.accept_request(request, by=recipient)

    actions.accept_request(request, by=sender)
    request.refresh_from_db()
    assert request.status == RequestStatus.ACCEPTED


def test_a_declined_request_frees_the_pair_for_a_new_one(pair):
    sender, recipient = pair
    request = actions.send_request(sender, recipient=recipient)
    with pytest.raises(MatchmakingError) as error:
        actions.send_request(recipient, recipient=sender)
    assert error.value.code == "request_exists"

    actions.decline_request(request, by=recipient, reply="Not this year")

    assert actions.send_request(sender, recipient=recipient).status == RequestStatus.PENDING


def test_pending_requests_expire_after_the_organisers_time(pair):
    sender, recipient = pair
    MatchmakingSettings.objects.create(expo=sender.expo, request_expiry_hours=24)
    request = actions.send_request(sender, recipient=recipient)
    assert request.expires_at - request.created_at == pytest.approx(
        dt.timedelta(hours=24), abs=dt.timedelta(seconds=5)
    )

    assert actions.expire_requests(now=timezone.now() + dt.timedelta(hours=23)) == 0
    assert actions.expire_requests(now=timezone.now() + dt.timedelta(hours=25)) == 1

    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert Notification.objects.filter(participant=sender, kind="request_expired").exists()
    with pytest.raises(MatchmakingError) as error:
        actions.accept_request(request, by=recipient)
    assert error.value.code == "request_closed"


def test_an_expired_request_no_longer_counts_against_the_limit():
    expo = make_expo()
    MatchmakingSettings.objects.create(expo=expo, max_pending_requests=2)
    sender = person(expo, country="RU")
    first, second, third = (person(expo, country="CN") for _ in range(3))
    actions.send_request(sender, recipient=first)
    actions.send_request(sender, recipient=second)

    with pytest.raises(MatchmakingError) as error:
        actions.send_request(sender, recipient=third)
    assert error.value.code == "request_limit"
    assert "2" in error.value.message

    MeetingRequest.objects.filter(recipient=first).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    assert actions.send_request(sender, recipient=third).status == RequestStatus.PENDING
    assert MeetingRequest.objects.get(recipient=first).status == RequestStatus.EXPIRED


def test_exhibitors_cannot_ask_exhibitors_unless_the_organiser_allows_it():
    expo = make_expo()
    one = person(expo, roles=[Role.EXHIBITOR])
    two = person(expo, roles=[Role.EXHIBITOR])
    with pytest.raises(MatchmakingError) as error:
        actions.send_request(one, recipient=two)
    assert error.value.code == "request_exhibitors"

    MatchmakingSettings.objects.filter(expo=expo).update(exhibitors_meet_exhibitors=True)
    assert actions.send_request(one, recipient=two).status == RequestStatus.PENDING


def test_notifications_read_in_the_viewers_language():
    from django.utils import translation

    with translation.override("en"):
        assert render_notification("request_received", {"name": "Анна"}) == "Анна asks you for a meeting."


def test_a_recipient_who_excludes_the_senders_country_refuses_requests():
    from tradefair.matchmaking.models import MatchPreferences

    expo = make_expo()
    sender, recipient = person(expo, country="KP"), person(expo, country="JP")
    MatchPreferences.objects.create(participant=recipient, excluded_countries=["KP"])
    with pytest.raises(MatchmakingError) as error:
        actions.send_request(sender, recipient=recipient)
    assert error.value.code == "request_refused"
    assert not MeetingRequest.objects.exists()


def test_an_interpreter_is_asked_for_in_a_language_of_the_expo_from_the_page_and_the_api(client):
    """The room's interpreter's seat (issue #14) exists only when the request asked for
    it; the language must be one the expo works in."""
    from tests.factories import api_key_for

    expo = make_expo(languages=["zh-hans", "en", "ru"])
    sender, recipient = person(expo, country="MN"), person(expo, country="CN")
    client.force_login(sender.user)
    page = f"/expos/{expo.slug}/matchmaking/participants/{recipient.pk}/request/"
    form = client.get(page).content.decode()
    assert 'name="interpretation"' in form and 'value="ru"' in form

    answer = client.post(page, {"message": "Video, please", "interpretation": "ja"})
    assert answer.status_code == 200 and not MeetingRequest.objects.exists()  # not a choice

    client.post(page, {"message": "Video, please", "interpretation": "ru"})
    assert MeetingRequest.objects.get().interpretation == "ru"

    other = person(expo, country="JP")
    refused = client.post(
        f"/api/v1/expos/{expo.slug}/matchmaking/requests",
        {"recipient": other.pk, "interpretation": "ja"},
        content_type="application/json",
        headers={"Authorization": f"Bearer {api_key_for(sender.user)}"},
    )
    assert refused.status_code == 400 and refused.json()["code"] == "unknown_language"
    assert not MeetingRequest.objects.filter(recipient=other).exists()
