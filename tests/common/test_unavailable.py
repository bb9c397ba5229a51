"""A lost database (PostgreSQL restarting under load, issue #13): a translated 503, never a
traceback, and a health check the load balancer can ask."""

import pytest
from django.db import OperationalError
from django.test import Client

from tests.factories import ExpoFactory

pytestmark = pytest.mark.django_db


def _database_gone(*_args, **_kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 18032 failed: Connection refused')


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


def test_a_page_without_its_database_is_a_translated_503(visitor, monkeypatch):
    ExpoFactory(slug="cnea")
    monkeypatch.setattr("tradefair.expos.views.get_visible_expo", _database_gone)

    answer = visitor.get("/expos/cnea/?lang=de")

    assert answer.status_code == 503
    assert answer["Retry-After"] == "10"
    body = answer.content.decode()
    assert "Vorübergehend nicht verfügbar" in body
    assert "Traceback" not in body and "18032" not in body


def test_the_api_without_its_database_answers_503_json(visitor, monkeypatch):
    ExpoFactory(slug="cnea")
    monkeypatch.setattr("tradefair.catalog.api.get_visible_expo", _database_gone)

    answer = visitor.get("/api/v1/expos/cnea/search?q=tea&lang=en")

    assert answer.status_code == 503
    assert answer.json() == {"detail": "The platform is briefly unavailable. Please try again in a minute."}


def test_other_errors_stay_server_errors(visitor, monkeypatch):
    ExpoFactory(slug="cnea")

    def broken(*_args, **_kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("tradefair.expos.views.get_visible_expo", broken)
    answer = visitor.get("/expos/cnea/")
    assert answer.status_code == 500


def test_the_health_check_asks_the_database(visitor, monkeypatch):
    assert visitor.get("/healthz").content == b"ok\n"

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", _database_gone)
    answer = visitor.get("/healthz")
    assert answer.status_code == 503
