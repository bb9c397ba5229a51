"""A refusal's status says what kind of no it is: 403 when the caller may not do this at
all, 404 when the thing is not among the caller's own, 400 only for a request that could
succeed with other input. The code stays in the body for programs; nothing changes."""

import secrets

import pytest

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tests.matchmaking.factories import person
from tests.program.factories import EventFactory, SessionFactory
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.people.models import Need, RegistrationStatus
from tradefair.program.models import SessionSignup

pytestmark = pytest.mark.django_db


def _auth(user) -> dict:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


@pytest.fixture
def session():
    return SessionFactory(event=EventFactory(expo=ExpoFactory(slug="cnea")))


def test_signing_up_without_an_approved_registration_is_forbidden(client, session):
    url = f"/api/v1/expos/cnea/sessions/{session.pk}/signup"
    stranger = UserFactory()
    pending = UserFactory()
    ParticipantFactory(expo=session.event.expo, user=pending, status=RegistrationStatus.PENDING)

    answers = [client.post(url, **_auth(user)) for user in (stranger, pending)]

    assert [(answer.status_code, answer.json()["code"]) for answer in answers] == [
        (403, "not_participant"),
        # Not a participant yet (issue 19), but told that the registration awaits approval.
        (403, "not_approved"),
    ]
    assert not SessionSignup.objects.exists()


def test_removing_someone_elses_need_is_not_found_and_removes_nothing(client):
    expo = ExpoFactory(slug="cnea")
    owner = person(expo, needs=[("851762", "")])
    other = person(expo)
    need = Need.objects.get(participant=owner)

    answer = client.delete(f"/api/v1/expos/cnea/matchmaking/profile/need/{need.pk}", **_auth(other.user))

    assert (answer.status_code, answer.json()["code"]) == (404, "interest_unknown")
    assert Need.objects.filter(pk=need.pk).exists()
