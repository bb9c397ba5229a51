"""Text no database keeps (issue #19, item 6): a NUL character or a lone surrogate in an
anonymous search, in an API text field or in a form answered 500 (PostgreSQL refuses NUL
in text; no database stores half of a UTF-16 pair). The request is refused at the edge
with a 400 that names the field; text with real characters outside the BMP still passes.
CSV and XLSX imports are covered by test_import_limits.py (the same check, per cell)."""

import secrets
from urllib.parse import urlencode

import pytest

from tests.factories import ExhibitorFactory, ExpoFactory, ParticipantFactory, ProductFactory, UserFactory
from tradefair.catalog.models import Product
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db

NUL = "contains a NUL character: remove it and send again."
SURROGATE = "contains a lone surrogate, not a character: remove it and send again."


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea")


def _bearer(user) -> dict:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.mark.parametrize(
    "url",
    [
        "/expos/cnea/search/?q=tr%00uck",
        "/expos/cnea/exhibitors/?country=R%00U",
        "/api/v1/expos/cnea/search?q=tr%00uck",
        "/api/v1/expos/cnea/exhibitors?country=R%00U",
        "/api/v1/expos/cnea/deals/parties?q=am%00ur",
    ],
)
def test_an_anonymous_query_with_a_nul_is_refused_naming_the_parameter(client, expo, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    name = url.split("?")[1].split("=")[0]
    text = response.json()["detail"] if "/api/" in url else response.content.decode()
    assert f"“{name}” {NUL}" in text


def test_a_nul_in_a_parameters_name_is_refused_and_shown_harmlessly(client, expo):
    response = client.get("/api/v1/expos/cnea/search?q=truck&x%00y=1", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()["detail"]) == (400, f"“x\\0y” {NUL}")


def test_the_refusal_is_in_the_readers_language(client, expo):
    response = client.get("/api/v1/expos/cnea/search?q=tr%00uck", HTTP_ACCEPT_LANGUAGE="ru")

    assert response.status_code == 400
    assert "NUL" in response.json()["detail"]
    assert "contains" not in response.json()["detail"] and "remove it" not in response.json()["detail"]


@pytest.fixture
def representative(expo):
    exhibitor = ExhibitorFactory(expo=expo)
    user = UserFactory()
    ParticipantFactory(expo=expo, user=user, organisation=exhibitor.organisation, roles=[Role.EXHIBITOR])
    return user, ProductFactory(exhibitor=exhibitor, name={"en": "Truck"})


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"name": {"en": "Tr\\u0000uck"}}', f"“name.en” {NUL}"),
        ('{"name": {"en": "Tr\\ud800uck"}}', f"“name.en” {SURROGATE}"),
        ('{"name": {"en": "Truck\\udc00"}}', f"“name.en” {SURROGATE}"),
        ('{"name": {"e\\u0000n": "Truck"}}', f"“name.e\\0n” {NUL}"),
        ('{"hs_codes": ["8704", "87\\u000004"]}', f"“hs_codes.1” {NUL}"),
    ],
    ids=["nul", "high-surrogate", "low-surrogate", "nul-in-a-key", "nul-in-a-list"],
)
def test_an_api_text_field_no_database_keeps_is_refused_naming_the_field(
    client, representative, body, message
):
    user, product = representative

    response = client.patch(
        f"/api/v1/expos/cnea/products/{product.pk}", body, content_type="application/json", **_bearer(user)
    )

    assert (response.status_code, response.json()) == (400, {"detail": message, "code": "unstorable_text"})
    product.refresh_from_db()
    assert product.name.data["en"] == "Truck"


def test_a_character_outside_the_bmp_written_as_a_surrogate_pair_is_kept(client, representative):
    user, product = representative

    response = client.patch(
        f"/api/v1/expos/cnea/products/{product.pk}",
        '{"name": {"en": "Truck \\ud83d\\ude9a"}}',
        content_type="application/json",
        **_bearer(user),
    )

    assert response.status_code == 200, response.content
    assert Product.objects.get(pk=product.pk).name.data["en"] == "Truck 🚚"


@pytest.mark.parametrize("encoding", ["multipart", "urlencoded"])
def test_a_form_field_with_a_nul_is_refused_naming_the_field(client, expo, encoding):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    form = {"kind": "contract", "status": "signed", "signed_on": "2019-08-27", "title": "Tr\x00ucks"}
    if encoding == "urlencoded":
        body = {"data": urlencode(form), "content_type": "application/x-www-form-urlencoded"}
    else:
        body = {"data": form}

    response = client.post("/expos/cnea/deals/new/", HTTP_ACCEPT_LANGUAGE="en", **body)

    assert response.status_code == 400
    assert f"“title” {NUL}" in response.content.decode()


def test_json_sent_as_text_plain_is_checked_too(client, representative):
    user, product = representative

    response = client.patch(
        f"/api/v1/expos/cnea/products/{product.pk}",
        '{"name": {"en": "Tr\\u0000uck"}}',
        content_type="text/plain",
        **_bearer(user),
    )

    assert (response.status_code, response.json()["code"]) == (400, "unstorable_text")
