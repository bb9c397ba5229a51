import datetime as dt

import pytest

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.onsite.domain.badges import issue_badge, revoke_badge
from tradefair.onsite.domain.figures import checked_in_count, entrance_figures
from tradefair.onsite.domain.tokens import badge_token
from tradefair.onsite.models import CheckIn
from tradefair.people.models import ParticipantRole, RegistrationStatus, Role

pytestmark = pytest.mark.django_db

DAY_ONE = dt.datetime(2019, 8, 23, 1, 30, tzinfo=dt.UTC)  # 09:30 in Changchun


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea")


@pytest.fixture
def gate_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def _scan(client, token, nonce, gate="North 1", **extra):
    return client.post(
        "/api/v1/expos/cnea/check-ins",
        {"token": token, "nonce": nonce, "gate": gate, **extra},
        content_type="application/json",
    )


def test_a_scan_checks_the_holder_in_and_says_who_it_is(expo, gate_client):
    holder = ParticipantFactory(expo=expo, name="王芳", name_latin="Wang Fang", roles=[Role.BUYER])
    response = _scan(gate_client, badge_token(issue_badge(holder).pk), "n-1")

    body = response.json()
    assert response.status_code == 201
    assert (body["accepted"], body["duplicate"]) == (True, False)
    assert body["participant"]["name"] == "王芳" and body["participant"]["role"] == "buyer"
    assert checked_in_count(expo) == 1


def test_a_retried_scan_with_the_same_nonce_is_counted_once(expo, gate_client):
    token = badge_token(issue_badge(ParticipantFactory(expo=expo)).pk)
    first = _scan(gate_client, token, "same")
    again = _scan(gate_client, token, "same", gate="South")

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json()["duplicate"] is True
    assert CheckIn.objects.count() == 1


def test_a_double_scan_at_the_same_gate_is_one_entry(expo, gate_client):
    token = badge_token(issue_badge(ParticipantFactory(expo=expo)).pk)
    _scan(gate_client, token, "wedge-1")
    second = _scan(gate_client, token, "wedge-2")
    assert second.json()["duplicate"] is True
    assert CheckIn.objects.count() == 1


def test_a_tampered_token_is_refused_with_a_reason(expo, gate_client):
    badge = issue_badge(ParticipantFactory(expo=expo))
    token = badge_token(badge.pk)
    tampered = token.replace(f"{badge.pk}:", f"{badge.pk + 1}:", 1)

    for forged in (tampered, str(badge.pk), "hello"):
        response = _scan(gate_client, forged, f"n-{forged}")
        assert response.status_code == 400
        assert response.json()["code"] == "forged"
        assert "not issued by the expo" in response.json()["detail"]
    assert CheckIn.objects.count() == 0


def test_a_revoked_badge_a_foreign_badge_and_a_withdrawn_registration_are_refused(expo, gate_client):
    revoked = issue_badge(ParticipantFactory(expo=expo))
    revoke_badge(revoked, by=None, reason="lost")
    foreign = issue_badge(ParticipantFactory())
    withdrawn = ParticipantFactory(expo=expo)
    withdrawn_badge = issue_badge(withdrawn)
    withdrawn.status = RegistrationStatus.CANCELLED
    withdrawn.save()

    codes = [
        _scan(gate_client, badge_token(badge.pk), f"n{index}").json()["code"]
        for index, badge in enumerate([revoked, foreign, withdrawn_badge])
    ]

    assert codes == ["revoked", "other_expo", "not_approved"]
    assert CheckIn.objects.count() == 0


def test_an_offline_scanner_uploads_its_scans_later_and_reuploading_changes_nothing(expo, gate_client):
    people = [ParticipantFactory(expo=expo) for _ in range(3)]
    scans = [
        {
            "token": badge_token(issue_badge(person).pk),
            "nonce": f"off-{index}",
            "gate": "East",
            "scanned_at": (DAY_ONE + dt.timedelta(minutes=index)).isoformat(),
        }
        for index, person in enumerate(people)
    ]
    scans.append({"token": "forged:xyz", "nonce": "off-x", "gate": "East"})

    first = gate_client.post(
        "/api/v1/expos/cnea/check-ins/batch", {"scans": scans}, content_type="application/json"
    )
    again = gate_client.post(
        "/api/v1/expos/cnea/check-ins/batch", {"scans": scans}, content_type="application/json"
    )

    assert (first.json()["accepted"], first.json()["refused"]) == (3, 1)
    assert [result["duplicate"] for result in again.json()["results"][:3]] == [True, True, True]
    assert CheckIn.objects.count() == 3
    assert CheckIn.objects.get(nonce="off-2").scanned_at == DAY_ONE + dt.timedelta(minutes=2)


def test_entrance_figures_by_day_gate_and_country(expo, gate_client):
    china = ParticipantFactory(expo=expo, country="CN")
    russia = ParticipantFactory(expo=expo, country="RU")
    for nonce, who, gate, when in [
        ("a", china, "North", DAY_ONE),
        ("b", russia, "North", DAY_ONE),
        ("c", china, "South", DAY_ONE + dt.timedelta(days=1)),
        ("d", china, "South", DAY_ONE + dt.timedelta(days=1, hours=3)),
    ]:
        CheckIn.objects.create(expo=expo, participant=who, gate=gate, nonce=nonce, scanned_at=when)

    figures = gate_client.get("/api/v1/expos/cnea/entrance").json()

    assert (figures["entries"], figures["visitors"]) == (4, 2)
    assert figures["by_day"] == [
        {"day": "2019-08-23", "entries": 2, "visitors": 2},
        {"day": "2019-08-24", "entries": 2, "visitors": 1},
    ]
    assert figures["by_gate"] == [
        {"gate": "North", "entries": 2, "visitors": 2},
        {"gate": "South", "entries": 2, "visitors": 1},
    ]
    assert [(row["country"], row["visitors"]) for row in figures["by_country"]] == [("CN", 1), ("RU", 1)]
    assert entrance_figures(expo)["by_country"][0]["country_name"] == "China"


def test_days_are_counted_in_the_expos_time_zone(expo):
    holder = ParticipantFactory(expo=expo)
    late_evening_utc = dt.datetime(2019, 8, 23, 17, 0, tzinfo=dt.UTC)  # 01:00 on the 24th in Changchun
    CheckIn.objects.create(expo=expo, participant=holder, nonce="z", scanned_at=late_evening_utc)
    assert entrance_figures(expo)["by_day"][0]["day"] == "2019-08-24"


def test_only_organisers_and_staff_run_the_gates(expo, client):
    token = badge_token(issue_badge(ParticipantFactory(expo=expo)).pk)
    assert _scan(client, token, "anon").status_code == 401
    client.force_login(UserFactory())
    assert _scan(client, token, "visitor").status_code == 404
    assert client.get("/expos/cnea/check-in/").status_code == 403
    steward = UserFactory()
    ParticipantRole.objects.create(participant=ParticipantFactory(expo=expo, user=steward), role=Role.STAFF)
    client.force_login(steward)
    assert _scan(client, token, "staff").status_code == 201


def test_the_check_in_page_loads_the_vendored_reader_and_no_internet_script(expo, gate_client):
    page = gate_client.get("/expos/cnea/check-in/").content.decode()
    assert "onsite/vendor/jsQR" in page
    assert "https://" not in page.split("<main>", 1)[1]


def test_the_entrance_page_shows_figures_and_an_empty_state(expo, gate_client):
    assert "Nobody has been checked in yet." in gate_client.get("/expos/cnea/entrance/").content.decode()


def _batch(client, scans):
    return client.post(
        "/api/v1/expos/cnea/check-ins/batch", {"scans": scans}, content_type="application/json"
    )


def test_a_batch_decides_each_scan_in_order_as_single_scans_would(expo, gate_client):
    """Within one upload: a badge read twice at a gate is one entry, the same badge at
    another gate within the anti-passback minutes is refused, a revoked badge refused,
    and the others stored, each under its own nonce."""
    expo.anti_passback_minutes = 30
    expo.save(update_fields=["anti_passback_minutes"])
    first, second, revoked = (ParticipantFactory(expo=expo, roles=[Role.BUYER]) for _ in range(3))
    revoked_badge = issue_badge(revoked)
    revoke_badge(revoked_badge, by=None, reason="lost")
    token = badge_token(issue_badge(first).pk)
    at = DAY_ONE.isoformat()
    scans = [
        {"token": token, "nonce": "b-1", "gate": "East", "scanned_at": at},
        {"token": token, "nonce": "b-2", "gate": "East", "scanned_at": at},
        {"token": token, "nonce": "b-3", "gate": "West", "scanned_at": at},
        {"token": badge_token(revoked_badge.pk), "nonce": "b-4", "gate": "East", "scanned_at": at},
        {"token": badge_token(issue_badge(second).pk), "nonce": "b-5", "gate": "East", "scanned_at": at},
    ]

    body = _batch(gate_client, scans).json()

    assert [(r["accepted"], r["duplicate"], r["code"]) for r in body["results"]] == [
        (True, False, ""),
        (True, True, ""),
        (False, False, "passback"),
        (False, False, "revoked"),
        (True, False, ""),
    ]
    assert (body["accepted"], body["refused"]) == (3, 2)
    assert body["results"][4]["participant"]["role"] == "buyer"
    assert sorted(CheckIn.objects.values_list("nonce", flat=True)) == ["b-1", "b-5"]


def test_a_batch_reads_its_badges_at_once(expo, gate_client):
    """The badges of a batch are read in one query: twenty scans cost less than twenty
    single scans, and the queries a scan adds do not include reading its badge."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    people = [ParticipantFactory(expo=expo) for _ in range(20)]
    tokens = [badge_token(issue_badge(person).pk) for person in people]

    def scans(prefix, count):
        return [
            {"token": tokens[i], "nonce": f"{prefix}-{i}", "gate": "East", "scanned_at": DAY_ONE.isoformat()}
            for i in range(count)
        ]

    with CaptureQueriesContext(connection) as five:
        assert _batch(gate_client, scans("five", 5)).json()["accepted"] == 5
    CheckIn.objects.all().delete()
    with CaptureQueriesContext(connection) as twenty:
        assert _batch(gate_client, scans("twenty", 20)).json()["accepted"] == 20
    CheckIn.objects.all().delete()
    with CaptureQueriesContext(connection) as single:
        _scan(gate_client, tokens[0], "single-0", gate="East", scanned_at=DAY_ONE.isoformat())
    per_scan = (len(twenty) - len(five)) / 15
    assert per_scan == int(per_scan)
    assert len(twenty) < 20 * len(single)
    assert not any('FROM "onsite_badge"' in q["sql"] for q in twenty.captured_queries[-int(per_scan) * 15 :])
