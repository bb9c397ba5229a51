"""Attacks on the gates (issue #19): forged tokens with a reused nonce, times made up by
a scanner, copies of one badge at two gates."""

import datetime as dt

import pytest
from django.core import signing

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.models import AuditEntry
from tradefair.expos.domain.settings import update_expo_settings
from tradefair.onsite.domain.badges import issue_badge
from tradefair.onsite.domain.figures import checked_in_count
from tradefair.onsite.domain.tokens import badge_token
from tradefair.onsite.models import CheckIn
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db

DAY_ONE = dt.datetime(2019, 8, 23, 1, 30, tzinfo=dt.UTC)  # 09:30 in Changchun


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea", time_zone="Asia/Shanghai")


@pytest.fixture
def gate_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


def _scan(client, token, nonce, gate="North 1", **extra):
    payload = {"token": token, "nonce": nonce, "gate": gate, **extra}
    if isinstance(payload.get("scanned_at"), dt.datetime):
        payload["scanned_at"] = payload["scanned_at"].isoformat()
    return client.post("/api/v1/expos/cnea/check-ins", payload, content_type="application/json")


def _token(expo, **fields):
    return badge_token(issue_badge(ParticipantFactory(expo=expo, **fields)).pk)


def test_a_forged_token_with_a_reused_nonce_is_refused_and_names_nobody(expo, gate_client):
    _scan(gate_client, _token(expo, name="王芳"), "n-1", scanned_at=DAY_ONE)
    forged = signing.Signer(salt="not-the-site").sign("0000000001")

    response = _scan(gate_client, forged, "n-1")

    assert response.status_code == 400
    assert response.json()["code"] == "forged"
    assert "王芳" not in response.content.decode()


def test_another_badge_with_a_reused_nonce_is_refused_and_names_nobody(expo, gate_client):
    _scan(gate_client, _token(expo, name="王芳"), "n-1", scanned_at=DAY_ONE)

    response = _scan(gate_client, _token(expo, name="Other"), "n-1", scanned_at=DAY_ONE)

    assert (response.status_code, response.json()["code"]) == (400, "nonce_reused")
    assert "王芳" not in response.content.decode()
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    "moment",
    [
        dt.datetime(1999, 8, 23, 1, 30, tzinfo=dt.UTC),
        dt.datetime(2019, 8, 20, 1, 30, tzinfo=dt.UTC),  # three days before the expo
        dt.datetime(2019, 8, 29, 1, 30, tzinfo=dt.UTC),  # two days after it
    ],
)
def test_a_scan_time_outside_the_expo_is_refused_and_not_counted(expo, gate_client, moment):
    response = _scan(gate_client, _token(expo), "n-old", scanned_at=moment)

    assert (response.status_code, response.json()["code"]) == (400, "time_outside_expo")
    assert checked_in_count(expo) == 0


def test_a_scan_uploaded_within_the_offline_slack_counts(expo, gate_client, settings):
    settings.CHECKIN_OFFLINE_SLACK_HOURS = 12
    # 22:00 UTC on the last day = 06:00 the next morning in Changchun, within the slack.
    late = dt.datetime(2019, 8, 27, 22, 0, tzinfo=dt.UTC)

    assert _scan(gate_client, _token(expo), "n-late", scanned_at=late).status_code == 201
    settings.CHECKIN_OFFLINE_SLACK_HOURS = 0
    assert _scan(gate_client, _token(expo), "n-late-2", scanned_at=late).json()["code"] == "time_outside_expo"


def test_the_batch_upload_refuses_times_outside_the_expo(expo, gate_client):
    token = _token(expo)
    response = gate_client.post(
        "/api/v1/expos/cnea/check-ins/batch",
        {
            "scans": [
                {"token": token, "nonce": "a", "scanned_at": "1999-01-01T10:00:00Z"},
                {"token": token, "nonce": "b", "scanned_at": DAY_ONE.isoformat()},
            ]
        },
        content_type="application/json",
    )
    body = response.json()
    assert [(item["accepted"], item["code"]) for item in body["results"]] == [
        (False, "time_outside_expo"),
        (True, ""),
    ]


def _with_anti_passback(expo, minutes=30):
    update_expo_settings(expo, by=UserFactory(is_staff=True), anti_passback_minutes=minutes)
    expo.refresh_from_db()


def test_without_anti_passback_a_copied_badge_enters_at_two_gates(expo, gate_client):
    token = _token(expo)
    assert _scan(gate_client, token, "a", gate="North", scanned_at=DAY_ONE).status_code == 201
    assert _scan(gate_client, token, "b", gate="South", scanned_at=DAY_ONE).status_code == 201


def test_anti_passback_refuses_a_copied_badge_at_another_gate_and_says_why(expo, gate_client):
    _with_anti_passback(expo, 30)
    token = _token(expo)
    _scan(gate_client, token, "a", gate="North", scanned_at=DAY_ONE)

    refused = _scan(gate_client, token, "b", gate="South", scanned_at=DAY_ONE + dt.timedelta(minutes=5))

    body = refused.json()
    assert (refused.status_code, body["code"]) == (400, "passback")
    assert "North" in body["detail"] and "09:30" in body["detail"]
    assert checked_in_count(expo) == 1
    assert AuditEntry.objects.filter(action="checkin.passback_refused", expo=expo).count() == 1


def test_anti_passback_lets_the_badge_in_after_the_window_or_at_the_same_gate(expo, gate_client):
    _with_anti_passback(expo, 30)
    token = _token(expo)
    _scan(gate_client, token, "a", gate="North", scanned_at=DAY_ONE)

    later = _scan(gate_client, token, "b", gate="South", scanned_at=DAY_ONE + dt.timedelta(minutes=31))
    same_gate = _scan(gate_client, token, "c", gate="South", scanned_at=DAY_ONE + dt.timedelta(minutes=40))

    assert (later.status_code, same_gate.status_code) == (201, 201)


def test_gate_staff_may_override_anti_passback_and_it_is_audited(expo, client):
    _with_anti_passback(expo, 30)
    staff = ParticipantFactory(expo=expo, user=UserFactory(), roles=[Role.STAFF])
    client.force_login(staff.user)
    token = _token(expo)
    _scan(client, token, "a", gate="North", scanned_at=DAY_ONE)

    response = _scan(
        client, token, "b", gate="South", scanned_at=DAY_ONE + dt.timedelta(minutes=1), override=True
    )

    assert response.status_code == 201
    entry = AuditEntry.objects.get(action="checkin.passback_overridden")
    assert (entry.actor, entry.expo, entry.data["earlier_gate"]) == (staff.user, expo, "North")
    assert CheckIn.objects.filter(expo=expo).count() == 2


def test_the_scanner_page_offers_the_override_text(expo, gate_client):
    page = gate_client.get("/expos/cnea/check-in/").content.decode()
    assert 'data-text-override="Identity checked: let them in anyway"' in page


def test_the_anti_passback_window_is_an_expo_setting_checked_and_audited(expo):
    admin = UserFactory(is_staff=True)
    from tradefair.common.errors import DomainError

    with pytest.raises(DomainError) as error:
        update_expo_settings(expo, by=admin, anti_passback_minutes=100000)
    assert error.value.code == "anti_passback_invalid"
    assert update_expo_settings(expo, by=admin, anti_passback_minutes=15) == ["anti_passback_minutes"]
    entry = AuditEntry.objects.filter(action="expo.settings_changed").latest("pk")
    assert entry.data["changes"] == {"anti_passback_minutes": [0, 15]}
