"""Cross-site request forgery through the API (issue #19): the API took a signed-in
browser's session cookie as enough for any method, and read a ``text/plain`` body as
JSON, so a page of another site made its visitor, an expo admin, name the attacker an
admin with one self-submitting form. A session now counts for an unsafe method only with
the page's CSRF token; a key in the Authorization header needs none; a body that is not
declared JSON is refused."""

import json
import re

import pytest
from django.test import Client

from tests.catalog.factories import api_token
from tests.factories import ExpoFactory, UserFactory
from tradefair.api import api
from tradefair.expos.models import Organiser, OrganiserLevel

pytestmark = pytest.mark.django_db

ORGANISERS = "/api/v1/expos/cnea/organisers"
PARAMETER = re.compile(r"{(\w+)(?::[^}]*)?}")


@pytest.fixture
def world():
    expo = ExpoFactory(slug="cnea")
    admin = UserFactory(username="admin")
    Organiser.objects.create(expo=expo, user=admin, level=OrganiserLevel.ADMIN)
    attacker = UserFactory(username="attacker")
    return {"expo": expo, "admin": admin, "attacker": attacker}


@pytest.fixture
def browser(world):
    """The admin's browser: Django's test client with the CSRF check a real browser gets."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(world["admin"])
    return client


def _attack_body() -> str:
    return json.dumps({"user": "attacker", "level": "admin"})


def _csrf_token(client: Client) -> str:
    client.get("/expos/cnea/")  # every page carries the token (the language switcher's form)
    return client.cookies["csrftoken"].value


def _attacker_is_organiser(world) -> bool:
    return Organiser.objects.filter(expo=world["expo"], user=world["attacker"]).exists()


def test_a_cross_site_text_plain_form_with_the_session_is_refused(browser, world):
    answer = browser.post(ORGANISERS, _attack_body(), content_type="text/plain")

    assert answer.status_code == 403
    assert answer.json()["code"] == "csrf_failed"
    assert "X-CSRFToken" in answer.json()["detail"]
    assert not _attacker_is_organiser(world)


def test_a_cross_site_json_post_with_the_session_but_no_token_is_refused(browser, world):
    # fetch(..., {mode: "no-cors", credentials: "include"}) cannot send application/json
    # without a preflight, but a same-site subdomain or an old plug-in could: the token decides.
    answer = browser.post(ORGANISERS, _attack_body(), content_type="application/json")

    assert answer.status_code == 403 and answer.json()["code"] == "csrf_failed"
    assert not _attacker_is_organiser(world)


def test_a_forged_token_is_refused(browser, world):
    _csrf_token(browser)
    answer = browser.post(
        ORGANISERS, _attack_body(), content_type="application/json", HTTP_X_CSRFTOKEN="x" * 64
    )

    assert answer.status_code == 403
    assert not _attacker_is_organiser(world)


def test_the_sites_own_page_sending_the_token_header_is_served(browser, world):
    token = _csrf_token(browser)
    answer = browser.post(ORGANISERS, _attack_body(), content_type="application/json", HTTP_X_CSRFTOKEN=token)

    assert answer.status_code == 201, answer.content
    assert _attacker_is_organiser(world)


def test_a_text_plain_body_is_refused_even_with_the_token(browser, world):
    token = _csrf_token(browser)
    answer = browser.post(ORGANISERS, _attack_body(), content_type="text/plain", HTTP_X_CSRFTOKEN=token)

    assert answer.status_code == 415
    assert answer.json() == {
        "detail": "The request body must be JSON, sent with Content-Type: application/json.",
        "code": "unsupported_media_type",
    }
    assert not _attacker_is_organiser(world)


@pytest.mark.parametrize(
    "content_type", ["application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]
)
def test_form_encodings_and_a_missing_type_are_refused_for_a_json_body(world, content_type):
    key = api_token(world["admin"])
    answer = Client().generic(
        "POST", ORGANISERS, _attack_body(), content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {key}"
    )

    assert answer.status_code == 415
    assert not _attacker_is_organiser(world)


def test_a_json_type_with_a_charset_or_a_json_suffix_is_read(world):
    key = api_token(world["admin"])
    client = Client()
    for content_type in ["application/json; charset=utf-8", "application/merge-patch+json"]:
        Organiser.objects.filter(user=world["attacker"]).delete()
        answer = client.post(
            ORGANISERS, _attack_body(), content_type=content_type, HTTP_AUTHORIZATION=f"Bearer {key}"
        )
        assert answer.status_code == 201, (content_type, answer.content)


def test_an_api_key_in_the_header_needs_no_csrf_token(world):
    key = api_token(world["admin"])
    client = Client(enforce_csrf_checks=True)

    answer = client.post(
        ORGANISERS, _attack_body(), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )

    assert answer.status_code == 201
    assert _attacker_is_organiser(world)


def test_an_api_key_wins_over_the_session_and_needs_no_token(browser, world):
    # A program signed in to the site as someone else still acts with its key.
    key = api_token(world["admin"])
    other = UserFactory()
    browser.force_login(other)

    answer = browser.post(
        ORGANISERS, _attack_body(), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )

    assert answer.status_code == 201
    assert Organiser.objects.get(user=world["attacker"]).expo == world["expo"]


def test_reading_with_the_session_needs_no_token(browser, world):
    answer = browser.get(ORGANISERS)

    assert answer.status_code == 200
    assert [row["username"] for row in answer.json()["results"]] == ["admin"]


def _unsafe_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
        if method.upper() in {"POST", "PUT", "PATCH", "DELETE"}
    ]


def _filled(path: str) -> str:
    return PARAMETER.sub(lambda match: "cnea" if match.group(1) == "slug" else "1", path)


def test_every_unsafe_api_operation_refuses_a_session_without_the_token(world):
    """The shared mechanism, not one endpoint: platform staff, who may do everything,
    sign in and send every unsafe operation of the OpenAPI document without a token."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    operations = _unsafe_operations()
    assert len(operations) > 30

    served = []
    for method, path in operations:
        answer = client.generic(method, _filled(path), "{}", content_type="application/json")
        if answer.status_code != 403 or answer.json().get("code") != "csrf_failed":
            served.append(f"{method} {path}: {answer.status_code}")

    assert served == []


def test_the_refusals_speak_the_callers_language(browser, world):
    refused = browser.post(f"{ORGANISERS}?lang=ja", _attack_body(), content_type="text/plain")
    token = _csrf_token(browser)
    unsupported = browser.post(
        f"{ORGANISERS}?lang=de", _attack_body(), content_type="text/plain", HTTP_X_CSRFTOKEN=token
    )

    assert refused.json()["detail"].startswith("CSRF チェックに失敗しました")
    assert unsupported.json()["detail"].startswith("Der Anfragetext muss JSON sein")


def test_swagger_try_it_out_in_a_signed_in_browser_sends_the_pages_csrf_token(browser, world):
    """The docs page carries the token (and sets its cookie); ninja's swagger-ui-init.js,
    a static file, adds it as X-CSRFToken to every request Try it out sends. The page
    has no inline script the Content-Security-Policy would block."""
    page = browser.get("/api/v1/docs")
    html = page.content.decode()
    token = re.search(r'data-csrf-token="([^"]+)"', html).group(1)
    scripts = re.findall(r"<script([^>]*)>", html)

    assert 'data-api-csrf="true"' in html
    assert "csrftoken" in browser.cookies
    assert all("src=" in attributes or 'type="application/json"' in attributes for attributes in scripts)
    assert any("ninja/swagger-ui-init" in attributes for attributes in scripts)
    answer = browser.post(
        ORGANISERS,
        json.dumps({"user": "attacker", "level": "viewer"}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert answer.status_code == 201, answer.content
