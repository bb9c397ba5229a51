import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import UserFactory

TRADEFAIR = str(Path(sys.executable).with_name("tradefair"))


def test_the_production_settings_pass_djangos_deployment_checks(tmp_path):
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "TRADEFAIR_DATA_DIR": str(tmp_path),
        "TRADEFAIR_HTTPS": "1",
        "TRADEFAIR_SECRET_KEY": secrets.token_urlsafe(60),
        "TRADEFAIR_ALLOWED_HOSTS": "expo.example",
    }
    result = subprocess.run(
        [TRADEFAIR, "check", "--deploy", "--fail-level", "WARNING"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_repeated_failed_logins_lock_the_account_out(client):
    UserFactory(username="organiser", is_staff=True)
    statuses = [
        client.post("/admin/login/", {"username": "organiser", "password": "wrong"}).status_code
        for _ in range(5)
    ]
    assert statuses == [200, 200, 200, 200, 429]
    locked = client.post("/admin/login/", {"username": "organiser", "password": "correct horse battery"})
    assert locked.status_code == 429


@pytest.mark.django_db
def test_a_correct_login_is_let_in(client):
    UserFactory(username="organiser", is_staff=True)
    response = client.post("/admin/login/", {"username": "organiser", "password": "correct horse battery"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_pages_forbid_framing_and_sniffing(client):
    response = client.get("/")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
