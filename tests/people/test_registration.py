import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.errors import DomainError
from tradefair.common.models import AuditEntry
from tradefair.expos.models import ExpoStatus
from tradefair.people.domain import registration
from tradefair.people.domain.registration import Applicant
from tradefair.people.models import Participant, RegistrationStatus, Role

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _link(message) -> str:
    return (
        re.search(r"https?://\S+", message.body).group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])
    )


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea", status=ExpoStatus.REGISTRATION_OPEN, name={"en": "CNEA", "ru": "ЭКСПО"})


@pytest.fixture
def organiser():
    return UserFactory(is_staff=True)


def _register(expo, committed=None, **changes):
    applicant = Applicant(
        name="Иван Петров", name_latin="Ivan Petrov", email="ivan@example.com", country="RU", language="ru"
    )
    for key, value in changes.items():
        setattr(applicant, key, value)
    if committed is None:
        return registration.register(expo=expo, kind="buyer", applicant=applicant)
    with committed():
        return registration.register(expo=expo, kind="buyer", applicant=applicant)


def test_the_public_form_registers_a_buyer_and_sends_the_confirmation_in_their_language(
    client, expo, committed
):
    with committed():
        response = client.post(
            "/expos/cnea/register/buyer/",
            {
                "name": "Иван Петров",
                "name_latin": "Ivan Petrov",
                "email": "ivan@example.com",
                "country": "RU",
                "language": "ru",
                "organisation_name": "ООО Ромашка",
            },
        )

    participant = Participant.objects.get()
    assert response.status_code == 200
    assert "ivan@example.com" in _text(response)
    assert participant.status == RegistrationStatus.PENDING
    assert participant.language == "ru"
    assert participant.organisation.legal_name == "ООО Ромашка"
    assert [role.role for role in participant.roles.all()] == [Role.BUYER]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["ivan@example.com"]
    assert "/confirm/" in mail.outbox[0].body
    assert "ЭКСПО" in mail.outbox[0].subject  # the expo's name in the applicant's language


def test_a_form_with_mistakes_says_which_field_is_wrong(client, expo):
    response = client.post("/expos/cnea/register/investor/", {"name": "", "email": "nope", "country": "RU"})
    assert response.status_code == 400
    assert Participant.objects.count() == 0
    assert "Enter a valid email address." in _text(response)


def test_registration_is_refused_when_the_expo_is_closed(expo):
    expo.status = ExpoStatus.CLOSED
    expo.save()
    with pytest.raises(DomainError) as error:
        _register(expo)
    assert error.value.code == "registration_closed"


def test_a_delegation_leader_registers_members_who_are_confirmed_with_the_leader(client, expo, committed):
    with committed():
        response = client.post(
            "/expos/cnea/register/delegation/",
            {
                "name": "Батбаяр",
                "email": "lead@example.mn",
                "country": "MN",
                "language": "mn",
                "members-TOTAL_FORMS": "3",
                "members-INITIAL_FORMS": "0",
                "members-MIN_NUM_FORMS": "1",
                "members-MAX_NUM_FORMS": "200",
                "members-0-name": "Сарангэрэл",
                "members-0-country": "MN",
                "members-1-name": "Болд",
                "members-1-country": "MN",
                "members-1-email": "bold@example.mn",
            },
        )
    assert response.status_code == 200
    leader = Participant.objects.get(email="lead@example.mn")
    members = list(leader.delegation_members.order_by("name"))
    assert [member.name for member in members] == ["Болд", "Сарангэрэл"]
    assert all(member.roles.get().role == Role.DELEGATION_MEMBER for member in members)
    assert all(member.language == "mn" for member in members)

    client.get(_link(mail.outbox[0]))

    assert Participant.objects.filter(email_confirmed_at__isnull=False).count() == 3
    assert set(registration.review_queue(expo)) == {leader, *members}


def test_the_confirmation_link_confirms_once_and_a_forged_link_is_not_found(client, expo, committed):
    participant = _register(expo, committed)
    link = _link(mail.outbox[0])

    first = client.get(link)
    client.get(link)

    participant.refresh_from_db()
    assert first.status_code == 302
    assert participant.email_confirmed_at is not None
    assert AuditEntry.objects.filter(action="registration.email_confirmed").count() == 1
    assert client.get(link.replace("/confirm/", "x/confirm/")).status_code == 404


def test_an_unconfirmed_registration_is_not_in_the_queue_and_cannot_be_approved(expo, organiser):
    participant = _register(expo)
    assert list(registration.review_queue(expo)) == []
    with pytest.raises(DomainError) as error:
        registration.approve(participant, by=organiser)
    assert error.value.code == "email_not_confirmed"


def test_approval_is_audited_and_told_in_the_applicants_language(expo, organiser, committed):
    participant = _register(expo)
    registration.confirm_email(registration.registration_token(participant))

    with committed():
        registration.approve(participant, by=organiser)

    participant.refresh_from_db()
    assert participant.status == RegistrationStatus.APPROVED
    entry = AuditEntry.objects.get(action="registration.approved")
    assert entry.actor == organiser and entry.object_id == str(participant.pk)
    assert len(mail.outbox) == 1
    assert "ЭКСПО" in mail.outbox[0].subject


def test_a_rejection_needs_a_reason_which_the_applicant_reads(expo, organiser, committed):
    participant = _register(expo, language="en")
    registration.confirm_email(registration.registration_token(participant))
    with pytest.raises(DomainError):
        registration.reject(participant, by=organiser, reason="  ")

    with committed():
        registration.reject(participant, by=organiser, reason="Not a trade visitor.")

    participant.refresh_from_db()
    assert participant.status == RegistrationStatus.REJECTED
    assert "Not a trade visitor." in mail.outbox[-1].body
    assert AuditEntry.objects.get(action="registration.rejected").data == {"reason": "Not a trade visitor."}


def test_asking_for_changes_sends_the_applicant_back_and_resubmitting_requeues(
    client, expo, organiser, committed
):
    participant = _register(expo, language="en")
    token = registration.registration_token(participant)
    registration.confirm_email(token)
    with committed():
        registration.request_changes(
            participant, by=organiser, message="Write your name as in your passport."
        )
    assert "Write your name as in your passport." in mail.outbox[-1].body

    page = client.get(f"/registration/{token}/")
    assert "Write your name as in your passport." in _text(page)
    response = client.post(
        f"/registration/{token}/",
        {"name": "Иван Иванович Петров", "name_latin": "Ivan Petrov", "country": "RU"},
    )

    participant.refresh_from_db()
    assert response.status_code == 302
    assert participant.status == RegistrationStatus.PENDING
    assert participant.name == "Иван Иванович Петров"
    assert list(registration.review_queue(expo)) == [participant]


def test_only_organisers_see_the_review_queue(client, expo):
    _register(expo)
    client.force_login(UserFactory())
    assert client.get("/expos/cnea/registrations/review/").status_code == 403


def test_the_review_page_approves_and_the_queue_costs_the_same_queries_for_many(client, expo, organiser):
    client.force_login(organiser)
    first = _register(expo, email="a@example.com")
    registration.confirm_email(registration.registration_token(first))
    with CaptureQueriesContext(connection) as few:
        client.get("/expos/cnea/registrations/review/")
    for index in range(6):
        other = _register(expo, email=f"p{index}@example.com")
        registration.confirm_email(registration.registration_token(other))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/expos/cnea/registrations/review/")
    assert len(many) == len(few)
    assert "7 registrations wait" in _text(page)

    response = client.post(
        f"/expos/cnea/registrations/{first.pk}/review/", {"decision": "approve", "note": ""}
    )

    first.refresh_from_db()
    assert response.status_code == 302
    assert first.status == RegistrationStatus.APPROVED


def test_the_review_queue_has_an_empty_state(client, expo, organiser):
    client.force_login(organiser)
    assert "No registration waits for review." in _text(client.get("/expos/cnea/registrations/review/"))


def test_a_participant_registered_by_an_organiser_list_is_not_reviewed_twice(expo, organiser):
    participant = ParticipantFactory(expo=expo, status=RegistrationStatus.APPROVED)
    participant.email_confirmed_at = participant.created_at
    participant.save()
    with pytest.raises(DomainError) as error:
        registration.approve(participant, by=organiser)
    assert error.value.code == "already_approved"


def test_the_review_api_lists_the_queue_and_rejects_with_a_reason(client, expo, organiser, committed):
    participant = _register(expo, language="en")
    registration.confirm_email(registration.registration_token(participant))
    client.force_login(UserFactory())
    assert client.get("/api/v1/expos/cnea/registrations/queue").status_code == 404
    client.force_login(organiser)

    queue = client.get("/api/v1/expos/cnea/registrations/queue").json()
    missing_reason = client.post(
        f"/api/v1/expos/cnea/registrations/{participant.pk}/review",
        {"decision": "reject"},
        content_type="application/json",
    )
    with committed():
        rejected = client.post(
            f"/api/v1/expos/cnea/registrations/{participant.pk}/review",
            {"decision": "reject", "note": "Incomplete company details."},
            content_type="application/json",
        )

    assert queue["count"] == 1 and queue["results"][0]["name"] == "Иван Петров"
    assert queue["results"][0]["roles"] == ["buyer"]
    assert missing_reason.status_code == 400
    assert missing_reason.json()["detail"] == "Say why the registration is rejected."
    assert rejected.json()["status"] == "rejected"
    assert "Incomplete company details." in mail.outbox[-1].body


def test_the_same_address_cannot_register_twice_for_one_expo(expo):
    _register(expo)
    with pytest.raises(DomainError) as error:
        _register(expo, email="IVAN@example.com")
    assert error.value.code == "already_registered"
    assert Participant.objects.filter(expo=expo).count() == 1


def test_a_logged_in_user_registering_twice_gets_a_message_not_an_error(client, expo):
    client.force_login(UserFactory())
    form = {"name": "Ann", "email": "ann@example.com", "country": "DE", "language": "de"}
    client.post("/expos/cnea/register/merchant/", form)
    response = client.post("/expos/cnea/register/merchant/", {**form, "email": "other@example.com"})
    assert response.status_code == 400
    assert "already registered" in _text(response)
