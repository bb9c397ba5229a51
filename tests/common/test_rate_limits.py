import pytest

from tests.factories import ExpoFactory
from tests.matchmaking.factories import expo as matchmaking_expo
from tests.matchmaking.factories import person
from tradefair.matchmaking.models import MeetingRequest
from tradefair.people.models import Participant, Role

pytestmark = pytest.mark.django_db


def test_registration_attempts_past_the_limit_are_refused_with_a_429(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "2/h"}
    ExpoFactory(slug="cnea")
    statuses = [client.post("/expos/cnea/register/buyer/", {}).status_code for _ in range(3)]
    refused = client.post("/expos/cnea/register/buyer/", {})
    assert statuses == [400, 400, 429]  # two invalid forms, then no more attempts
    assert "Too many attempts in a short time" in refused.content.decode()
    assert Participant.objects.count() == 0


def test_meeting_requests_past_the_limit_are_refused_through_the_api(client, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "meeting_request": "2/h"}
    round_expo = matchmaking_expo(slug="cnea")
    buyer = person(round_expo, roles=(Role.MERCHANT, Role.BUYER))
    sellers = [person(round_expo, country="JP", roles=(Role.EXHIBITOR,)) for _ in range(3)]
    client.force_login(buyer.user)

    answers = [
        client.post(
            "/api/v1/expos/cnea/matchmaking/requests",
            {"recipient": seller.pk},
            content_type="application/json",
        )
        for seller in sellers
    ]

    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert answers[2].json()["detail"] == "Too many attempts in a short time; please wait and try again."
    assert MeetingRequest.objects.filter(sender=buyer).count() == 2
