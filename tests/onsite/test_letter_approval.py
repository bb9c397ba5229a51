"""Visa invitation letters are issued only after an organiser approves the request, or at
once where the expo's administrators chose so (issue #16): applicant asks, no letter yet,
an organiser approves or turns it down from the letters page, the applicant is told."""

import re

import pytest
from django.core import mail

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tests.onsite.helpers import pdf_pages_text
from tradefair.common.errors import DomainError
from tradefair.common.models import AuditEntry
from tradefair.expos.models import Organiser, OrganiserLevel
from tradefair.onsite.domain.letters import approve_letter, reject_letter, set_automatic_letters
from tradefair.onsite.models import InvitationLetter, LetterStatus
from tradefair.people.domain.registration import registration_token

pytestmark = pytest.mark.django_db

REQUEST = {
    "passport_number": "e7512345",
    "nationality": "RU",
    "stay_from": "2019-08-21",
    "stay_until": "2019-08-29",
}


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _organiser(expo, level):
    user = UserFactory()
    Organiser.objects.create(expo=expo, user=user, level=level)
    return user


@pytest.fixture
def applicant():
    expo = ExpoFactory(slug="cnea")
    participant = ParticipantFactory(expo=expo, language="en", email="ivan@example.com", name="Ivan Petrov")
    return participant, registration_token(participant)


def test_a_request_gives_no_letter_until_an_organiser_approves_it(client, applicant, committed):
    participant, token = applicant
    with committed():
        response = client.post(f"/registration/{token}/letter/", REQUEST, follow=True)
    assert "The organisers check it and issue the letter" in _text(response)
    assert "waits for the organisers' approval" in _text(client.get(f"/registration/{token}/"))
    assert client.get(f"/registration/{token}/letter.pdf").status_code == 404
    assert mail.outbox == []

    organiser = _organiser(participant.expo, OrganiserLevel.STAFF)
    client.force_login(organiser)
    page = _text(client.get("/expos/cnea/letters/"))
    assert "1 request waits for a decision." in page and "Ivan Petrov" in page and "E7512345" in page
    letter = InvitationLetter.objects.get(participant=participant)
    with committed():
        response = client.post(f"/expos/cnea/letters/{letter.pk}/approve/", follow=True)
    assert "The letter for Ivan Petrov is issued" in _text(response)

    client.logout()
    assert "E7512345" in pdf_pages_text(client.get(f"/registration/{token}/letter.pdf").content)[0]
    assert mail.outbox[-1].to == ["ivan@example.com"] and "invitation letter" in mail.outbox[-1].subject
    assert sorted(AuditEntry.objects.filter(object_id=str(letter.pk)).values_list("action", "actor")) == [
        ("letter.issued", organiser.pk),
        ("letter.requested", None),
    ]


def test_an_organiser_turns_a_request_down_with_a_reason_the_applicant_reads(client, applicant, committed):
    participant, token = applicant
    client.post(f"/registration/{token}/letter/", REQUEST)
    letter = InvitationLetter.objects.get(participant=participant)
    client.force_login(_organiser(participant.expo, OrganiserLevel.ADMIN))

    assert client.post(f"/expos/cnea/letters/{letter.pk}/reject/", {"reason": ""}).status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PENDING  # no reason, no change
    with committed():
        client.post(f"/expos/cnea/letters/{letter.pk}/reject/", {"reason": "The dates are outside the expo"})

    letter.refresh_from_db()
    assert letter.status == LetterStatus.REJECTED
    assert "The dates are outside the expo" in mail.outbox[-1].body
    client.logout()
    assert "The dates are outside the expo" in _text(client.get(f"/registration/{token}/"))
    assert client.get(f"/registration/{token}/letter.pdf").status_code == 404


@pytest.mark.parametrize(
    ("level", "allowed"),
    [
        (OrganiserLevel.ADMIN, True),
        (OrganiserLevel.STAFF, True),
        (OrganiserLevel.VIEWER, False),
        (None, False),
    ],
)
def test_only_staff_and_admins_approve(client, applicant, level, allowed):
    participant, token = applicant
    client.post(f"/registration/{token}/letter/", REQUEST)
    letter = InvitationLetter.objects.get(participant=participant)
    user = _organiser(participant.expo, level) if level else UserFactory()
    client.force_login(user)

    response = client.post(f"/expos/cnea/letters/{letter.pk}/approve/")

    letter.refresh_from_db()
    assert response.status_code == (302 if allowed else 403)
    assert letter.status == (LetterStatus.ISSUED if allowed else LetterStatus.PENDING)
    with pytest.raises(DomainError) as error:
        approve_letter(letter, by=user) if allowed else approve_letter(letter, by=user)
    assert error.value.code == ("letter_decided" if allowed else "letters_forbidden")


def test_an_organiser_of_another_expo_cannot_decide(client, applicant):
    participant, token = applicant
    client.post(f"/registration/{token}/letter/", REQUEST)
    letter = InvitationLetter.objects.get(participant=participant)
    client.force_login(_organiser(ExpoFactory(slug="other"), OrganiserLevel.ADMIN))
    assert client.post(f"/expos/other/letters/{letter.pk}/approve/").status_code == 404
    assert client.post(f"/expos/cnea/letters/{letter.pk}/approve/").status_code == 403
    letter.refresh_from_db()
    assert letter.status == LetterStatus.PENDING


def test_where_the_admins_say_so_the_letter_is_issued_at_once(client, applicant, committed):
    participant, token = applicant
    admin, staff = (
        _organiser(participant.expo, level) for level in (OrganiserLevel.ADMIN, OrganiserLevel.STAFF)
    )
    client.force_login(staff)
    assert client.post("/expos/cnea/letters/settings/", {"issue_automatically": "on"}).status_code == 403
    client.force_login(admin)
    client.post("/expos/cnea/letters/settings/", {"issue_automatically": "on"})
    assert AuditEntry.objects.filter(action="letter.settings_changed", actor=admin).count() == 1
    client.logout()

    with committed():
        response = client.post(f"/registration/{token}/letter/", REQUEST, follow=True)

    assert "Your invitation letter is ready." in _text(response)
    assert "E7512345" in pdf_pages_text(client.get(f"/registration/{token}/letter.pdf").content)[0]
    assert len(mail.outbox) == 1


def test_a_new_request_keeps_the_issued_letter_valid_until_it_is_approved(client, applicant):
    participant, token = applicant
    staff = _organiser(participant.expo, OrganiserLevel.STAFF)
    client.post(f"/registration/{token}/letter/", REQUEST)
    first = InvitationLetter.objects.get(participant=participant)
    approve_letter(first, by=staff)

    client.post(f"/registration/{token}/letter/", {**REQUEST, "passport_number": "G1111111"})
    assert "E7512345" in pdf_pages_text(client.get(f"/registration/{token}/letter.pdf").content)[0]
    second = InvitationLetter.objects.exclude(pk=first.pk).get()
    approve_letter(second, by=staff)

    first.refresh_from_db()
    assert first.revoked_at is not None
    assert "G1111111" in pdf_pages_text(client.get(f"/registration/{token}/letter.pdf").content)[0]


def test_a_decided_request_cannot_be_decided_again(applicant):
    participant, _token = applicant
    import datetime as dt

    from tradefair.onsite.domain.letters import request_letter

    staff = _organiser(participant.expo, OrganiserLevel.STAFF)
    letter = request_letter(
        participant,
        passport_number="E1",
        nationality="RU",
        stay_from=dt.date(2019, 8, 21),
        stay_until=dt.date(2019, 8, 29),
    )
    reject_letter(letter, by=staff, reason="Incomplete")
    with pytest.raises(DomainError) as error:
        approve_letter(letter, by=staff)
    assert error.value.code == "letter_decided"
    assert (
        set_automatic_letters(
            participant.expo, automatic=False, by=_organiser(participant.expo, OrganiserLevel.ADMIN)
        )
        is False
    )
