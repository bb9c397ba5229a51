import datetime as dt
import re

import pytest
from django.core import mail

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tests.onsite.helpers import pdf_pages_text, pdf_qr_codes
from tradefair.common.errors import DomainError
from tradefair.common.models import AuditEntry
from tradefair.onsite.domain.letters import approve_letter, render_letter, request_letter, revoke_letter
from tradefair.people.domain.registration import registration_token
from tradefair.people.models import RegistrationStatus

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _letter(participant, **changes):
    values = {
        "passport_number": "e1234567",
        "nationality": "CN",
        "stay_from": dt.date(2019, 8, 21),
        "stay_until": dt.date(2019, 8, 29),
        "date_of_birth": dt.date(1980, 5, 1),
    }
    letter = request_letter(participant, **{**values, **changes})
    return approve_letter(letter, by=UserFactory(is_staff=True))


def test_the_letter_is_in_the_applicants_language_with_what_embassies_check():
    participant = ParticipantFactory(
        name="Иван Петров", name_latin="Ivan Petrov", language="ru", country="RU"
    )
    letter = _letter(participant, nationality="RU")

    text = pdf_pages_text(render_letter(letter))[0]

    assert "Иван Петров" in text and "Ivan Petrov" in text
    assert "E1234567" in text
    assert "Россия" in text  # nationality named in Russian
    assert "21 августа 2019" in text.replace("\n", " ") or "21.08.2019" in text


def test_a_chinese_letter_shows_the_native_name():
    participant = ParticipantFactory(name="王芳", name_latin="Wang Fang", language="zh-hans")
    text = pdf_pages_text(render_letter(_letter(participant)))[0]
    assert "王芳" in text and "E1234567" in text


def test_the_letters_qr_code_leads_to_a_page_confirming_it_without_personal_data(client, settings):
    participant = ParticipantFactory(name="Wang Fang", language="en")
    letter = _letter(participant)

    codes = pdf_qr_codes(render_letter(letter))

    assert len(codes) == 1 and codes[0].startswith(settings.SITE_URL)
    page = client.get(codes[0][len(settings.SITE_URL.rstrip("/")) :])
    assert "Genuine and valid" in _text(page)
    assert "Wang Fang" in _text(page)
    assert "E1234567" not in page.content.decode()
    assert "1980" not in page.content.decode()


def test_a_revoked_letter_is_reported_as_revoked_and_a_forged_code_as_not_ours(client):
    letter = _letter(ParticipantFactory(language="en"))
    organiser = UserFactory(is_staff=True)
    code = pdf_qr_codes(render_letter(letter))[0]
    path = "/" + code.split("://", 1)[1].split("/", 1)[1]

    revoke_letter(letter, by=organiser, reason="Registration withdrawn")

    assert "no longer valid" in _text(client.get(path))
    assert client.get(path.replace("letters/verify/", "letters/verify/x")).status_code == 404
    assert AuditEntry.objects.get(action="letter.revoked").actor == organiser


def test_a_new_letter_replaces_the_previous_one():
    participant = ParticipantFactory()
    first = _letter(participant)
    second = _letter(participant, passport_number="G7654321")
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None


def test_only_approved_participants_get_letters_and_dates_must_be_in_order():
    with pytest.raises(DomainError) as error:
        _letter(ParticipantFactory(status=RegistrationStatus.PENDING))
    assert error.value.code == "not_approved"
    with pytest.raises(DomainError) as error:
        _letter(ParticipantFactory(), stay_until=dt.date(2019, 8, 1))
    assert error.value.code == "departure_before_arrival"


def test_the_applicant_asks_for_the_letter_and_hears_in_their_language(client, committed):
    expo = ExpoFactory(name={"en": "CNEA", "ru": "ЭКСПО"})
    participant = ParticipantFactory(expo=expo, language="ru", email="ivan@example.com")
    token = registration_token(participant)

    with committed():
        response = client.post(
            f"/registration/{token}/letter/",
            {
                "passport_number": "7512345",
                "nationality": "RU",
                "stay_from": "2019-08-21",
                "stay_until": "2019-08-29",
            },
        )

    assert response.status_code == 302
    assert client.get(f"/registration/{token}/letter.pdf").status_code == 404  # not before approval
    with committed():
        approve_letter(participant.invitation_letters.get(), by=UserFactory(is_staff=True))
    assert "ЭКСПО" in mail.outbox[-1].subject
    assert "7512345" in pdf_pages_text(client.get(f"/registration/{token}/letter.pdf").content)[0]


def test_passport_numbers_are_listed_for_organisers_only(client):
    expo = ExpoFactory(slug="cnea")
    _letter(ParticipantFactory(expo=expo))
    client.force_login(UserFactory())
    assert client.get("/expos/cnea/letters/").status_code == 403
    client.force_login(UserFactory(is_staff=True))
    assert "E1234567" in _text(client.get("/expos/cnea/letters/"))


@pytest.mark.parametrize("language", ["zh-hans", "en", "ja", "ko", "ru", "mn", "fr", "de", "es", "ar"])
def test_a_letter_renders_in_every_interface_language_with_the_passport_number(language):
    participant = ParticipantFactory(name="Ann Lee", name_latin="", language=language)
    text = pdf_pages_text(render_letter(_letter(participant)))[0]
    assert "E1234567" in text and "Ann Lee" in text


def test_a_letter_of_a_registration_rejected_later_is_no_longer_valid(client):
    participant = ParticipantFactory(language="en")
    letter = _letter(participant)
    participant.status = RegistrationStatus.REJECTED
    participant.save()
    path = "/" + pdf_qr_codes(render_letter(letter))[0].split("://", 1)[1].split("/", 1)[1]
    assert "no longer valid" in _text(client.get(path))


def test_the_letters_page_costs_the_same_queries_for_few_or_many_letters(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    expo = ExpoFactory(slug="cnea")
    client.force_login(UserFactory(is_staff=True))
    _letter(ParticipantFactory(expo=expo))
    with CaptureQueriesContext(connection) as few:
        client.get("/expos/cnea/letters/")
    for _ in range(5):
        _letter(ParticipantFactory(expo=expo))
    with CaptureQueriesContext(connection) as many:
        page = client.get("/expos/cnea/letters/")
    assert len(many) == len(few)
    assert "6 letters" in _text(page)


def test_the_letters_page_has_an_empty_state(client):
    ExpoFactory(slug="cnea")
    client.force_login(UserFactory(is_staff=True))
    assert "No invitation letter has been issued yet." in _text(client.get("/expos/cnea/letters/"))
