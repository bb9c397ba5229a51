"""Numbers larger or longer than the columns that keep them (issue #19, items 3 and 11):
an amount SQLite rounded past its field broke every page showing it for good, a
5,000-digit amount and integers beyond 64 bits answered 500. Each is refused with a
clear message (400), and a number that fits is kept exactly on both databases."""

import datetime as dt
import importlib
import secrets
from decimal import Decimal

import pytest
from django.db import connection

from tests.deals.factories import make_deal, organiser
from tests.factories import (
    ExhibitorFactory,
    ExpoFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)
from tradefair.catalog.models import InvestmentProject
from tradefair.common.models import ApiToken, AuditEntry
from tradefair.common.models.tokens import token_digest
from tradefair.deals.domain.rates import enter_rate
from tradefair.deals.models import Deal, ExchangeRate
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db

TOO_PRECISE = "The number has too many digits: at most 15 significant digits are kept exactly."


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea")


def _bearer(user) -> dict:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return {"HTTP_AUTHORIZATION": f"Bearer {key}", "HTTP_ACCEPT_LANGUAGE": "en"}


def _deal_payload(expo, amount) -> dict:
    parties = [ParticipantFactory(expo=expo).organisation, ParticipantFactory(expo=expo).organisation]
    return {
        "kind": "contract",
        "status": "signed",
        "signed_on": "2019-08-27",
        "amount": amount,
        "currency": "CNY",
        "parties": [party.pk for party in parties],
    }


# Deal amounts --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("9999999999999999.99", TOO_PRECISE),
        ("9" * 5000, "The number is too large: it must be less than 10,000,000,000,000,000."),
        ("1" + "0" * 4999 + ".5", "The number is too large: it must be less than 10,000,000,000,000,000."),
        ("0." + "0" * 4998 + "1", "Give at most 2 decimal places."),
        ("1e999999999", "The number is too large: it must be less than 10,000,000,000,000,000."),
        ("NaN", "Give a number, such as 1250000.00."),
    ],
    ids=["rounds-past-the-field", "5000-digits", "5000-digits-with-cents", "5000-places", "exponent", "nan"],
)
def test_an_amount_the_database_cannot_keep_is_refused_by_the_api(client, expo, amount, message):
    response = client.post(
        "/api/v1/expos/cnea/deals",
        _deal_payload(expo, amount),
        content_type="application/json",
        **_bearer(organiser(expo)),
    )

    assert (response.status_code, response.json()["detail"]) == (400, f"amount: {message}")
    assert not Deal.objects.exists()


def test_an_amount_the_database_cannot_keep_is_refused_by_the_form(client, expo):
    client.force_login(organiser(expo))

    response = client.post(
        "/expos/cnea/deals/new/", _deal_payload(expo, "9999999999999999.99"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert TOO_PRECISE in response.content.decode()
    assert not Deal.objects.exists()


def test_an_amount_sent_as_a_json_number_is_not_rounded_into_range(client, expo):
    exhibitor = ExhibitorFactory(expo=expo)
    user = UserFactory()
    ParticipantFactory(expo=expo, user=user, organisation=exhibitor.organisation, roles=[Role.EXHIBITOR])
    url = f"/api/v1/expos/cnea/exhibitors/{exhibitor.pk}/projects"
    body = '{"name": {"en": "Truck plant"}, "isic_section": "C", "amount_sought": %s}'

    refused = client.post(url, body % "9999999999999999.99", content_type="application/json", **_bearer(user))
    kept = client.post(url, body % "123456789012.34", content_type="application/json", **_bearer(user))

    # The API reads JSON numbers as decimals, never floats (a float would be 1e16, rounded
    # from what was sent): refused for its digits, as the form refuses it, not rounded.
    assert (refused.status_code, refused.json()["detail"]) == (
        400,
        "amount_sought: The number has too many digits: at most 15 significant digits are kept exactly.",
    )
    assert kept.status_code == 201, kept.content
    assert InvestmentProject.objects.get().amount_sought == Decimal("123456789012.34")


def test_the_largest_amount_accepted_reads_back_exactly_and_pages_answer(client, expo):
    user = organiser(expo)
    largest = "9999999999999990.00"  # 15 significant digits, below 10^16

    created = client.post(
        "/api/v1/expos/cnea/deals",
        _deal_payload(expo, largest),
        content_type="application/json",
        **_bearer(user),
    )
    client.force_login(user)

    assert created.status_code == 201, created.content
    assert Deal.objects.get().amount == Decimal(largest)
    assert client.get("/api/v1/expos/cnea/deals", **_bearer(user)).json()["results"][0]["amount"] == largest
    assert client.get("/expos/cnea/deals/").status_code == 200


def test_a_rate_the_database_cannot_keep_is_refused(expo):
    admin = UserFactory(is_staff=True, is_superuser=True)

    with pytest.raises(Exception) as error:
        enter_rate(
            expo, currency="USD", rate="999999999999.9999999", valid_from=dt.date(2019, 8, 1), by=admin
        )

    assert error.value.code == "rate_value"
    assert not ExchangeRate.objects.exists()


def test_a_conversion_too_large_to_keep_leaves_the_deal_unconverted(client, expo):
    admin = UserFactory(is_staff=True, is_superuser=True)
    enter_rate(expo, currency="USD", rate="1000", valid_from=dt.date(2019, 8, 1), by=admin)

    deal = make_deal(expo, amount="999999999999999.00", currency="USD")
    client.force_login(admin)

    assert (deal.amount_base, deal.rate) == (None, None)
    assert deal.lacks_rate
    assert client.get("/expos/cnea/deals/").status_code == 200


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL refuses such a row")
def test_a_deal_sqlite_rounded_past_its_field_is_repaired_and_can_be_deleted(client, expo):
    deal = make_deal(expo, amount="1000.00", parties=[OrganisationFactory(), OrganisationFactory()])
    with connection.cursor() as cursor:
        # What the old check let through: 9999999999999999.99, kept by SQLite as 1e16.
        cursor.execute("UPDATE deals_deal SET amount = 1e16, amount_base = 1e16 WHERE id = %s", [deal.pk])
    with pytest.raises(Exception):  # noqa: B017 - the state the migration repairs
        Deal.objects.get(pk=deal.pk)
    migration = importlib.import_module("tradefair.deals.migrations.0004_amounts_kept_exactly")

    from django.apps import apps

    migration.clear_unreadable_amounts(apps, connection.schema_editor())
    repaired = Deal.objects.get(pk=deal.pk)

    assert (repaired.amount, repaired.amount_base, repaired.rate) == (None, None, None)
    assert AuditEntry.objects.filter(action="deal.unreadable_amount_cleared", object_id=str(deal.pk)).exists()
    repaired.delete()
    assert not Deal.objects.exists()


# Integers beyond 64 bits ---------------------------------------------------------------

HUGE = str(2**70)


def _integers_sent(schema, components, where):
    """Every integer schema a client fills, with the place it is sent."""
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[-1]]
    for key in ("anyOf", "oneOf", "allOf"):
        for part in schema.get(key, []):
            yield from _integers_sent(part, components, where)
    if schema.get("type") == "integer":
        yield where, schema
    if schema.get("type") == "array":
        yield from _integers_sent(schema.get("items", {}), components, f"{where}[]")
    for name, part in schema.get("properties", {}).items():
        yield from _integers_sent(part, components, f"{where}.{name}")


def test_every_integer_a_client_sends_to_the_api_is_bounded_within_64_bits():
    from tradefair.api import api

    spec = api.get_openapi_schema()
    components = spec["components"]["schemas"]
    unbounded = []
    for path, operations in spec["paths"].items():
        for method, operation in operations.items():
            sent = [
                (f"{parameter['in']} {parameter['name']}", parameter.get("schema", {}))
                for parameter in operation.get("parameters", [])
            ] + [
                ("body", content.get("schema", {}))
                for content in operation.get("requestBody", {}).get("content", {}).values()
            ]
            for where, schema in sent:
                for place, integer in _integers_sent(schema, components, where):
                    if not (
                        integer.get("minimum", -(2**64)) >= -(2**63) and integer.get("maximum", 2**64) < 2**63
                    ):
                        unbounded.append(f"{method.upper()} {path} {place}")

    assert unbounded == []


@pytest.mark.parametrize(
    "url",
    [
        f"/api/v1/expos/cnea/products?exhibitor={HUGE}",
        f"/api/v1/expos/cnea/exhibitors?pavilion={HUGE}",
        f"/api/v1/expos/cnea/search?q=truck&pavilion={HUGE}",
        f"/api/v1/expos/cnea/search?q=truck&page={HUGE}",
        f"/api/v1/expos/cnea/exhibitors/{HUGE}",
        f"/api/v1/expos/cnea/news/{HUGE}",
        f"/api/v1/expos/cnea/deals?page={HUGE}",
    ],
)
def test_a_64_bit_overflow_in_an_api_address_is_a_client_error(client, expo, url):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 400
    assert "less than or equal to" in response.json()["detail"]


def test_a_64_bit_overflow_in_the_recommendation_filters_is_a_client_error(client, expo):
    user = UserFactory()
    ParticipantFactory(expo=expo, user=user)

    response = client.get(f"/api/v1/expos/cnea/matchmaking/recommendations?pavilion={HUGE}", **_bearer(user))

    assert response.status_code == 400
    assert "pavilion" in response.json()["detail"]


def test_a_session_capacity_beyond_what_the_column_keeps_is_a_client_error(client, expo):
    from tests.program.factories import EventFactory, SessionFactory

    session = SessionFactory(event=EventFactory(expo=expo), capacity=10)
    url = f"/api/v1/expos/cnea/sessions/{session.pk}"
    admin = UserFactory(is_staff=True, is_superuser=True)

    responses = [
        client.patch(url, body, content_type="application/json", **_bearer(admin))
        for body in (
            f'{{"capacity": {HUGE}}}',
            f'{{"capacity": {2**31}}}',
            f'{{"speaker_ids": [{HUGE}]}}',
            '{"capacity": ' + "9" * 5000 + "}",
        )
    ]

    assert [response.status_code for response in responses] == [400, 400, 400, 400]
    session.refresh_from_db()
    assert session.capacity == 10


@pytest.mark.parametrize(
    "url",
    [
        f"/expos/cnea/exhibitors/{HUGE}/",
        f"/expos/cnea/deals/{HUGE}/",
        f"/expos/cnea/exhibitors/{2**63}/",
        "/expos/cnea/exhibitors/0/",
    ],
)
def test_a_page_address_with_an_id_beyond_64_bits_finds_nothing(client, expo, url):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    assert client.get(url).status_code == 404


def test_a_round_form_refuses_a_number_of_tables_beyond_what_the_column_keeps(client, expo):
    from tradefair.matchmaking.forms import RoundForm

    form = RoundForm(
        data={
            "name": "Day 1",
            "days": "2019-08-24",
            "day_starts": "09:00",
            "day_ends": "17:00",
            "slot_minutes": "20",
            "tables": HUGE,
            "max_meetings": HUGE,
            "min_meetings": "0",
            "time_limit": "60",
        }
    )

    assert not form.is_valid()
    assert set(form.errors) >= {"tables", "max_meetings"}


def test_a_deal_form_naming_parties_and_a_meeting_beyond_64_bits_is_refused(client, expo):
    client.force_login(organiser(expo))
    form = _deal_payload(expo, "1000.00")

    response = client.post(
        "/expos/cnea/deals/new/",
        form | {"parties": [*form["parties"], HUGE], "meeting": HUGE},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "One of the parties is not an organisation you can name here." in response.content.decode()
    assert not Deal.objects.exists()


@pytest.mark.parametrize("page", [HUGE, "9" * 5000])
def test_a_page_number_beyond_64_bits_shows_a_page(client, expo, page):
    ExhibitorFactory(expo=expo)

    response = client.get(f"/expos/cnea/exhibitors/?page={page}")

    assert response.status_code == 200


@pytest.mark.parametrize("page", [HUGE, "9" * 5000])
def test_a_search_page_number_beyond_64_bits_shows_a_page(client, expo, page):
    response = client.get(f"/expos/cnea/search/?q=truck&page={page}")

    assert response.status_code == 200
