import datetime as dt
import secrets
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.deals.factories import make_deal, organiser
from tests.factories import ExpoFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.deals.models import Deal, DealStatus, ExchangeRate, RateSource
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea")


def _form(parties, **changes):
    data = {
        "kind": "contract",
        "status": "signed",
        "signed_on": "2019-08-27",
        "amount": "1000000.00",
        "currency": "USD",
        "parties": [party.pk for party in parties],
    }
    return data | changes


def test_an_organiser_records_a_deal_through_the_page(expo, client):
    parties = [
        ParticipantFactory(expo=expo, organisation__country="CN").organisation,
        ParticipantFactory(expo=expo, organisation__country="JP").organisation,
    ]
    client.force_login(organiser(expo))

    response = client.post("/expos/cnea/deals/new/", _form(parties))

    assert response.status_code == 302
    deal = Deal.objects.get()
    assert deal.is_confirmed and deal.amount_base == Decimal("7161293.23")
    assert list(deal.parties.order_by("id")) == sorted(parties, key=lambda org: org.pk)


def test_a_party_declares_through_the_page_and_an_organiser_confirms(expo, client):
    user = UserFactory()
    own = ParticipantFactory(expo=expo, user=user, roles=[Role.EXHIBITOR]).organisation
    partner = ParticipantFactory(expo=expo).organisation
    client.force_login(user)

    client.post("/expos/cnea/deals/new/", _form([own, partner]))
    deal = Deal.objects.get()
    assert not deal.is_confirmed

    response = client.post(f"/expos/cnea/deals/{deal.pk}/", {"action": "confirm"})
    deal.refresh_from_db()
    assert response.status_code == 302 and not deal.is_confirmed

    client.force_login(organiser(expo))
    client.post(f"/expos/cnea/deals/{deal.pk}/", {"action": "confirm"})
    deal.refresh_from_db()
    assert deal.is_confirmed


def test_a_form_mistake_is_shown_not_saved(expo, client):
    one = ParticipantFactory(expo=expo).organisation
    client.force_login(organiser(expo))
    response = client.post("/expos/cnea/deals/new/", _form([one]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "at least two different parties" in response.content.decode()
    assert not Deal.objects.exists()


def test_an_organiser_enters_a_rate_and_the_deal_is_converted(expo, client):
    user = organiser(expo)
    deal = make_deal(expo, by=user, amount="1000000.00", currency="MNT")
    client.force_login(user)
    page = client.get("/expos/cnea/deals/rates/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "MNT" in page and "left out of the totals" in page

    client.post(
        "/expos/cnea/deals/rates/", {"currency": "mnt", "rate": "0.002692", "valid_from": "2019-08-01"}
    )

    deal.refresh_from_db()
    assert deal.rate_source == RateSource.ORGANISER and deal.amount_base == Decimal("2692.00")
    entry = ExchangeRate.objects.get()
    client.post("/expos/cnea/deals/rates/", {"remove": str(entry.pk)})
    deal.refresh_from_db()
    assert deal.lacks_rate
    assert client.post("/expos/cnea/deals/rates/", {"remove": "x"}).status_code == 404


def test_rates_are_for_organisers_only(expo, client):
    client.force_login(UserFactory())
    assert client.get("/expos/cnea/deals/rates/").status_code == 404


def test_the_rates_api_converts_again_and_refuses_others(expo, client):
    user = organiser(expo)
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="t", digest=token_digest(key), prefix=key[:8])
    deal = make_deal(expo, by=user, amount="10.00", currency="TWD", signed_on=dt.date(2019, 8, 27))
    payload = {"currency": "TWD", "rate": "0.228", "valid_from": "2019-08-01"}

    response = client.post(
        "/api/v1/expos/cnea/rates",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201 and response.json()["rate"] == "0.228"
    deal.refresh_from_db()
    assert deal.amount_base == Decimal("2.28")

    other = UserFactory()
    other_key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=other, name="t", digest=token_digest(other_key), prefix=other_key[:8])
    response = client.post(
        "/api/v1/expos/cnea/rates",
        payload,
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {other_key}",
    )
    assert response.status_code == 403


def test_cancelling_through_the_page_takes_the_deal_out_of_the_totals(expo, client):
    user = organiser(expo)
    deal = make_deal(expo, by=user)
    client.force_login(user)
    client.post(f"/expos/cnea/deals/{deal.pk}/", {"action": "cancelled"})
    deal.refresh_from_db()
    assert deal.status == DealStatus.CANCELLED
    assert client.get("/api/v1/expos/cnea/results").json()["figures"]["trade_volume"] == "0.00"


def test_the_deal_page_needs_the_same_queries_for_few_or_many_deals(expo, client):
    user = organiser(expo)
    client.force_login(user)
    make_deal(expo, by=user)
    client.get("/expos/cnea/deals/")
    with CaptureQueriesContext(connection) as few:
        client.get("/expos/cnea/deals/")
    for _ in range(6):
        make_deal(
            expo, by=user, parties=[OrganisationFactory(), OrganisationFactory(), OrganisationFactory()]
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/expos/cnea/deals/")
    assert len(many) == len(few)


def test_the_dashboard_needs_the_same_queries_for_few_or_many_deals(expo, client):
    user = organiser(expo)
    client.force_login(user)
    make_deal(expo, by=user)
    client.get("/expos/cnea/results/")
    with CaptureQueriesContext(connection) as few:
        client.get("/expos/cnea/results/")
    for _ in range(6):
        make_deal(
            expo, by=user, currency="USD", parties=[OrganisationFactory(country="KR"), OrganisationFactory()]
        )
    with CaptureQueriesContext(connection) as many:
        client.get("/expos/cnea/results/")
    assert len(many) == len(few)
