"""Creating many records in one request (issue #19): the delegation form took as many
members as its management form claimed (hundreds per POST), around the registration
rate limit, which counts one POST as one registration."""

import pytest

from tests.factories import ExpoFactory
from tradefair.expos.models import ExpoStatus
from tradefair.people.models import Participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea", status=ExpoStatus.REGISTRATION_OPEN)


def _delegation(count: int, *, claimed: int | None = None) -> dict:
    data = {
        "name": "Батбаяр",
        "email": "lead@example.mn",
        "country": "MN",
        "language": "mn",
        "members-TOTAL_FORMS": str(claimed or count),
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "1",
        "members-MAX_NUM_FORMS": "100000",
    }
    for number in range(count):
        data[f"members-{number}-name"] = f"Member {number}"
        data[f"members-{number}-country"] = "MN"
    return data


def test_a_delegation_of_the_largest_size_allowed_registers(client, expo, settings):
    response = client.post("/expos/cnea/register/delegation/", _delegation(settings.DELEGATION_MAX_MEMBERS))

    assert response.status_code == 200
    assert Participant.objects.filter(expo=expo).count() == settings.DELEGATION_MAX_MEMBERS + 1


@pytest.mark.parametrize("count", [31, 300])
def test_one_post_cannot_register_hundreds_of_members(client, expo, count, settings):
    assert settings.DELEGATION_MAX_MEMBERS == 30
    response = client.post("/expos/cnea/register/delegation/", _delegation(count))

    assert response.status_code == 400
    assert "at most 30 members" in response.content.decode()
    assert Participant.objects.filter(expo=expo).count() == 0


def test_a_management_form_claiming_thousands_of_forms_is_refused(client, expo):
    response = client.post("/expos/cnea/register/delegation/", _delegation(2, claimed=100000))

    assert response.status_code == 400
    assert Participant.objects.filter(expo=expo).count() == 0
