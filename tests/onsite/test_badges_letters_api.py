"""Badges and invitation letters through /api/v1/: the same domain functions as the
pages, with the same rules (approved participants only, staff and admins at the desk)."""

import io
import zipfile

import pytest
from django.core import mail

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory, api_key_for
from tradefair.common.models import AuditEntry
from tradefair.expos.models import OrganiserLevel
from tradefair.onsite.domain.badges import issue_badge
from tradefair.onsite.domain.letters import verification_token
from tradefair.onsite.domain.tokens import badge_pk_from_token
from tradefair.onsite.models import Badge, InvitationLetter, LetterStatus
from tradefair.people.models import RegistrationStatus, Role

pytestmark = pytest.mark.django_db

LETTER = {
    "passport_number": "e1234567",
    "nationality": "ru",
    "stay_from": "2030-08-22",
    "stay_until": "2030-08-28",
}


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea", name={"en": "CNEA"})


def _bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key_for(user)}"}


@pytest.fixture
def desk(expo):
    user = UserFactory()
    expo.organisers.add(user, through_defaults={"level": OrganiserLevel.STAFF})
    return _bearer(user)


def test_a_participant_gets_their_own_badge_as_json_and_pdf_and_is_told_once(client, expo, committed):
    holder = ParticipantFactory(
        user=UserFactory(),
        email="wang@example.com",
        expo=expo,
        name="王芳",
        name_latin="Wang Fang",
        roles=[Role.BUYER],
        language="zh-hans",
    )
    auth = _bearer(holder.user)
    with committed():
        first = client.get("/api/v1/expos/cnea/badge", **auth)
    again = client.get("/api/v1/expos/cnea/badge", **auth)
    pdf = client.get("/api/v1/expos/cnea/badge.pdf?format=label", **auth)

    body = first.json()
    assert first.status_code == 200
    assert (body["name"], body["name_latin"], body["role"]) == ("王芳", "Wang Fang", "buyer")
    assert badge_pk_from_token(body["token"]) == Badge.objects.get(participant=holder).pk
    assert again.json()["token"] == body["token"]  # one valid badge, not a new one each time
    assert len(mail.outbox) == 1
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_a_registration_awaiting_review_gets_no_badge_and_a_stranger_is_not_registered(client, expo):
    pending = ParticipantFactory(user=UserFactory(), expo=expo, status=RegistrationStatus.PENDING)
    waiting = client.get("/api/v1/expos/cnea/badge", **_bearer(pending.user))
    stranger = client.get("/api/v1/expos/cnea/badge.pdf", **_bearer(UserFactory()))
    anonymous = client.get("/api/v1/expos/cnea/badge")

    assert (waiting.status_code, waiting.json()["code"]) == (403, "not_approved")
    assert (stranger.status_code, stranger.json()["code"]) == (404, "not_registered")
    assert anonymous.status_code == 401
    assert not Badge.objects.exists()


def test_the_desk_prints_a_filtered_set_as_one_pdf_and_audits_it(client, expo, desk):
    for name in ("Anna", "Boris", "Chen"):
        ParticipantFactory(expo=expo, name=name, roles=[Role.BUYER], country="RU" if name != "Chen" else "CN")
    ParticipantFactory(expo=expo, name="Dora", status=RegistrationStatus.PENDING, country="RU")

    response = client.get("/api/v1/expos/cnea/badges/print?country=ru&role=buyer", **desk)

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["X-Badge-Count"] == "2"
    assert Badge.objects.filter(participant__name__in=["Anna", "Boris"]).count() == 2
    assert not Badge.objects.filter(participant__name__in=["Chen", "Dora"]).exists()
    entry = AuditEntry.objects.get(action="badges.printed")
    assert entry.data == {"country": "RU", "role": "buyer", "count": 2, "format": "a6"}


def test_more_badges_than_one_batch_come_as_a_zip_of_pdfs(client, expo, desk):
    for number in range(51):
        ParticipantFactory(expo=expo, name=f"Holder {number:02d}")

    response = client.get("/api/v1/expos/cnea/badges/print?batch=50&format=label", **desk)

    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    assert response["Content-Type"] == "application/zip"
    assert archive.namelist() == ["badges-cnea-label-001.pdf", "badges-cnea-label-002.pdf"]
    assert all(archive.read(name).startswith(b"%PDF") for name in archive.namelist())


def test_printing_with_filters_nobody_matches_or_a_bad_option_is_a_400(client, expo, desk):
    ParticipantFactory(expo=expo)
    nobody = client.get("/api/v1/expos/cnea/badges/print?country=JP", **desk)
    bad_format = client.get("/api/v1/expos/cnea/badges/print?format=poster", **desk)
    small_batch = client.get("/api/v1/expos/cnea/badges/print?batch=3", **desk)

    assert (nobody.status_code, nobody.json()["code"]) == (400, "no_badges_match")
    assert bad_format.status_code == 400 and "format" in bad_format.json()["detail"]
    assert small_batch.status_code == 400 and "batch" in small_batch.json()["detail"]


def test_a_viewer_organiser_cannot_print_badges(client, expo):
    viewer = UserFactory()
    expo.organisers.add(viewer, through_defaults={"level": OrganiserLevel.VIEWER})
    ParticipantFactory(expo=expo)

    assert client.get("/api/v1/expos/cnea/badges/print", **_bearer(viewer)).status_code == 404
    assert not AuditEntry.objects.filter(action="badges.printed").exists()


def test_the_desk_reissues_a_lost_badge_and_the_old_one_stops(client, expo, desk):
    holder = ParticipantFactory(expo=expo)
    old = issue_badge(holder, notify=False)

    response = client.post(
        f"/api/v1/expos/cnea/badges/{holder.pk}/reissue",
        {"reason": "lost"},
        content_type="application/json",
        **desk,
    )

    old.refresh_from_db()
    assert response.status_code == 200
    assert old.revoked_at is not None
    assert (
        badge_pk_from_token(response.json()["token"])
        == Badge.objects.get(participant=holder, revoked_at=None).pk
    )


def test_a_participant_asks_for_a_letter_the_desk_issues_it_and_an_embassy_checks_it(
    client, expo, desk, committed
):
    holder = ParticipantFactory(
        user=UserFactory(), email="ivan@example.com", expo=expo, name="Иван Петров", name_latin="Ivan Petrov"
    )
    auth = _bearer(holder.user)

    asked = client.post("/api/v1/expos/cnea/letter", LETTER, content_type="application/json", **auth)
    before = client.get("/api/v1/expos/cnea/letter.pdf", **auth)
    listed = client.get("/api/v1/expos/cnea/letters?status=pending", **desk).json()
    letter_id = asked.json()["id"]
    with committed():
        issued = client.post(f"/api/v1/expos/cnea/letters/{letter_id}/approve", **desk)
    mine = client.get("/api/v1/expos/cnea/letter", **auth).json()
    pdf = client.get("/api/v1/expos/cnea/letter.pdf", **auth)
    letter = InvitationLetter.objects.get()
    check = client.get(f"/api/v1/letters/verify/{verification_token(letter)}").json()

    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    assert letter.passport_number == "E1234567" and letter.nationality == "RU"
    assert before.status_code == 404
    assert [item["id"] for item in listed["results"]] == [letter_id]
    assert listed["results"][0]["passport_number"] == "E1234567"
    assert issued.status_code == 200 and issued.json()["status"] == "issued"
    assert mine["valid"] is True and mine["verification_url"].endswith(
        f"/letters/verify/{verification_token(letter)}/"
    )
    assert "passport_number" not in mine  # the holder's own view leaves it out
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert len(mail.outbox) == 1
    assert check == {
        "valid": True,
        "name": "Иван Петров",
        "name_latin": "Ivan Petrov",
        "expo": "CNEA",
        "issued_on": letter.issued_at.astimezone(expo.tz).date().isoformat(),
        "revoked": False,
    }


def test_a_revoked_letter_checks_as_not_valid_and_a_forged_code_is_not_found(client, expo, desk):
    holder = ParticipantFactory(user=UserFactory(), expo=expo)
    asked = client.post(
        "/api/v1/expos/cnea/letter", LETTER, content_type="application/json", **_bearer(holder.user)
    )
    letter_id = asked.json()["id"]
    client.post(f"/api/v1/expos/cnea/letters/{letter_id}/approve", **desk)

    no_reason = client.post(
        f"/api/v1/expos/cnea/letters/{letter_id}/revoke",
        {"reason": ""},
        content_type="application/json",
        **desk,
    )
    revoked = client.post(
        f"/api/v1/expos/cnea/letters/{letter_id}/revoke",
        {"reason": "Registration withdrawn."},
        content_type="application/json",
        **desk,
    )
    check = client.get(f"/api/v1/letters/verify/{verification_token(InvitationLetter.objects.get())}").json()
    forged = client.get("/api/v1/letters/verify/abc:def")

    assert no_reason.status_code == 400
    assert revoked.status_code == 200 and revoked.json()["valid"] is False
    assert (check["valid"], check["revoked"]) == (False, True)
    assert (forged.status_code, forged.json()["code"]) == (404, "forged_letter")


def test_a_letter_request_with_departure_before_arrival_or_an_unknown_nationality_is_a_400(client, expo):
    auth = _bearer(ParticipantFactory(user=UserFactory(), expo=expo).user)
    backwards = client.post(
        "/api/v1/expos/cnea/letter",
        {**LETTER, "stay_from": "2030-08-28", "stay_until": "2030-08-22"},
        content_type="application/json",
        **auth,
    )
    nowhere = client.post(
        "/api/v1/expos/cnea/letter", {**LETTER, "nationality": "QQ"}, content_type="application/json", **auth
    )

    assert (backwards.status_code, backwards.json()["code"]) == (400, "departure_before_arrival")
    assert (nowhere.status_code, nowhere.json()["code"]) == (400, "unknown_nationality")
    assert not InvitationLetter.objects.exists()


def test_the_desk_turns_a_request_down_and_cannot_decide_it_twice(client, expo, desk):
    holder = ParticipantFactory(user=UserFactory(), expo=expo)
    asked = client.post(
        "/api/v1/expos/cnea/letter", LETTER, content_type="application/json", **_bearer(holder.user)
    )
    url = f"/api/v1/expos/cnea/letters/{asked.json()['id']}"

    rejected = client.post(
        f"{url}/reject", {"reason": "Dates outside the expo."}, content_type="application/json", **desk
    )
    again = client.post(f"{url}/approve", **desk)

    assert rejected.status_code == 200 and rejected.json()["status"] == LetterStatus.REJECTED
    assert rejected.json()["rejected_reason"] == "Dates outside the expo."
    assert (again.status_code, again.json()["code"]) == (400, "letter_decided")
