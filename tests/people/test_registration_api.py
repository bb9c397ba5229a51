"""Public registration through /api/v1/: the registration form's checks, its rate limit,
the same domain function and the same confirmation e-mail."""

import re

import pytest
from django.core import mail

from tests.factories import ExpoFactory, ParticipantFactory
from tradefair.expos.models import ExpoStatus
from tradefair.people.models import Participant, RegistrationStatus, Role

pytestmark = pytest.mark.django_db

URL = "/api/v1/expos/cnea/registrations"
IVAN = {
    "kind": "buyer",
    "name": "Иван Петров",
    "name_latin": "Ivan Petrov",
    "email": "ivan@example.com",
    "country": "RU",
    "language": "ru",
    "organisation_name": "ООО Ромашка",
}


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea", status=ExpoStatus.REGISTRATION_OPEN, name={"en": "CNEA", "ru": "ЭКСПО"})


def _post(client, data, url=URL):
    return client.post(url, data, content_type="application/json")


def _token(message) -> str:
    return re.search(r"/registration/([^/\s]+)/confirm/", message.body).group(1)


def test_an_anonymous_applicant_registers_confirms_by_the_mailed_token_and_reads_the_registration(
    client, expo, committed
):
    with committed():
        response = _post(client, IVAN)

    participant = Participant.objects.get()
    body = response.json()
    assert response.status_code == 201
    assert (body["id"], body["status"], body["email"], body["members"]) == (
        participant.pk,
        "pending",
        "ivan@example.com",
        0,
    )
    assert "ivan@example.com" in body["detail"]
    assert participant.language == "ru" and participant.organisation.legal_name == "ООО Ромашка"
    assert [role.role for role in participant.roles.all()] == [Role.BUYER]
    assert len(mail.outbox) == 1 and "ЭКСПО" in mail.outbox[0].subject

    token = _token(mail.outbox[0])
    before = client.get(f"/api/v1/registrations/{token}").json()
    confirmed = _post(client, {}, f"/api/v1/registrations/{token}/confirm")
    assert before["email_confirmed"] is False
    assert confirmed.status_code == 200
    assert (confirmed.json()["email_confirmed"], confirmed.json()["status"]) == (True, "pending")
    assert client.get("/api/v1/registrations/not-a-token").status_code == 404


def test_a_registration_with_mistakes_is_a_400_naming_each_field_and_registers_nobody(client, expo):
    response = _post(client, {**IVAN, "email": "nope", "country": "QQ", "language": "xx"})
    backwards = _post(client, {**IVAN, "arrival": "2030-08-25", "departure": "2030-08-20"})
    unknown = _post(client, {**IVAN, "kind": "emperor"})

    detail = response.json()["detail"]
    assert response.status_code == 400
    assert "email:" in detail and "country:" in detail and "language:" in detail
    assert backwards.status_code == 400 and "departure:" in backwards.json()["detail"]
    assert (unknown.status_code, unknown.json()["code"]) == (400, "unknown_kind")
    assert not Participant.objects.exists()


def test_a_delegation_registers_its_members_with_the_leader(client, expo, committed):
    with committed():
        response = _post(
            client,
            {
                **IVAN,
                "kind": "delegation",
                "members": [{"name": "Анна Орлова", "country": "RU"}, {"name": "李伟", "country": "CN"}],
            },
        )
    without_members = _post(client, {**IVAN, "email": "other@example.com", "kind": "delegation"})
    bad_member = _post(
        client,
        {
            **IVAN,
            "email": "third@example.com",
            "kind": "delegation",
            "members": [{"name": "X", "country": "ZZ"}],
        },
    )

    leader = Participant.objects.get(email="ivan@example.com")
    assert response.status_code == 201 and response.json()["members"] == 2
    assert sorted(leader.delegation_members.values_list("name", flat=True)) == ["Анна Орлова", "李伟"]
    assert (without_members.status_code, without_members.json()["code"]) == (
        400,
        "delegation_without_members",
    )
    assert bad_member.status_code == 400 and "members.1.country:" in bad_member.json()["detail"]


def test_an_address_registered_twice_and_a_closed_expo_are_refused(client, expo):
    ParticipantFactory(expo=expo, email="ivan@example.com")
    twice = _post(client, IVAN)
    expo.status = ExpoStatus.CLOSED
    expo.save()
    closed = _post(client, {**IVAN, "email": "new@example.com"})

    assert (twice.status_code, twice.json()["code"]) == (400, "already_registered")
    assert (closed.status_code, closed.json()["code"]) == (400, "registration_closed")
    assert Participant.objects.count() == 1


def test_registering_is_rate_limited_as_the_form_is(client, expo, settings):
    settings.RATELIMIT_ENABLE = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "registration": "2/h"}
    answers = [_post(client, {**IVAN, "email": f"person{number}@example.com"}) for number in range(3)]

    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert answers[-1].json()["code"] == "rate_limited"
    assert Participant.objects.filter(status=RegistrationStatus.PENDING).count() == 2
