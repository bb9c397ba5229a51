"""Amounts through the API are exact: a JSON number reaches the Decimal it names (not a
float on the way), and every amount goes out as a decimal string."""

from decimal import Decimal

import pytest

from tests.factories import ExhibitorFactory, UserFactory, api_key_for
from tradefair.catalog.models import InvestmentProject

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibitor():
    return ExhibitorFactory(expo__slug="cnea")


@pytest.fixture
def staff_key():
    return {"HTTP_AUTHORIZATION": f"Bearer {api_key_for(UserFactory(is_staff=True))}"}


def _post_project(client, exhibitor, staff_key, amount_json: str):
    body = '{"name": {"en": "Port"}, "isic_section": "H", "amount_sought": ' + amount_json + "}"
    return client.post(
        f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}/projects",
        body,
        content_type="application/json",
        **staff_key,
    )


@pytest.mark.parametrize("sent", ["12345678901.23", '"12345678901.23"'])
def test_an_amount_as_number_or_string_is_stored_and_read_back_exactly(client, exhibitor, staff_key, sent):
    response = _post_project(client, exhibitor, staff_key, sent)

    assert response.status_code == 201, response.content
    assert InvestmentProject.objects.get().amount_sought == Decimal("12345678901.23")
    assert response.json()["amount_sought"] == "12345678901.23"
    listed = client.get("/api/v1/expos/cnea/projects").json()["results"]
    assert [project["amount_sought"] for project in listed] == ["12345678901.23"]


def test_the_largest_amount_with_cents_is_exact_where_a_float_would_round_it(client, exhibitor, staff_key):
    # 9999999999999.99 and 9999999999999.98 are one float apart; as JSON numbers read
    # through float, amounts with 15 significant digits came through only by luck.
    response = _post_project(client, exhibitor, staff_key, "1234567890123.47")

    assert response.status_code == 201, response.content
    assert InvestmentProject.objects.get().amount_sought == Decimal("1234567890123.47")


def test_a_number_with_more_decimals_than_a_float_keeps_is_refused_not_rounded(client, exhibitor, staff_key):
    # Read as a float, 1000.0000000000000001 became 1000.0 and was stored as 1000.00.
    response = _post_project(client, exhibitor, staff_key, "1000.0000000000000001")

    assert response.status_code == 400
    assert not InvestmentProject.objects.exists()
