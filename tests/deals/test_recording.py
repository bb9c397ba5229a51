import datetime as dt
import secrets
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.deals.factories import make_deal, organiser
from tests.factories import (
    ExpoFactory,
    InvestmentProjectFactory,
    OrganisationFactory,
    ParticipantFactory,
    UserFactory,
)
from tradefair.common.errors import DomainError
from tradefair.common.models import ApiToken, AuditEntry
from tradefair.common.models.tokens import token_digest
from tradefair.deals.domain.disclosure import set_deal_public
from tradefair.deals.domain.recording import change_status, confirm_deal
from tradefair.deals.models import Deal, DealKind, DealStatus
from tradefair.people.models import Role
from tradefair.reports.domain.publication import publish_results

pytestmark = pytest.mark.django_db


def _token(user) -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="test", digest=token_digest(key), prefix=key[:8])
    return key


def _exhibitor(expo, organisation=None):
    user = UserFactory()
    participant = ParticipantFactory(
        expo=expo, user=user, organisation=organisation or OrganisationFactory(), roles=[Role.EXHIBITOR]
    )
    return user, participant


def test_a_recorded_deal_keeps_its_parties_in_order_and_is_audited():
    parties = [
        OrganisationFactory(country="CN"),
        OrganisationFactory(country="JP"),
        OrganisationFactory(country="KR"),
    ]
    deal = make_deal(parties=parties)

    assert [link.organisation_id for link in deal.party_links.all()] == [p.pk for p in parties]
    assert deal.is_confirmed
    assert AuditEntry.objects.filter(action="deal.recorded", object_id=str(deal.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"parties": "one"}, "deal_parties"),
        ({"amount": "-5.00"}, "deal_amount"),
        ({"amount": "1.005"}, "deal_amount"),
        ({"currency": "dollars"}, "deal_currency"),
        ({"amount": None}, "deal_amount"),
    ],
)
def test_a_deal_that_breaks_a_rule_is_refused_with_a_stable_code(changes, code):
    expo = ExpoFactory()
    if changes.get("parties") == "one":
        changes["parties"] = [OrganisationFactory()]
    with pytest.raises(DomainError) as error:
        make_deal(expo, **changes)
    assert error.value.code == code
    assert not Deal.objects.exists()


def test_a_memorandum_may_have_no_amount():
    deal = make_deal(kind=DealKind.MEMORANDUM, amount=None)
    assert deal.amount is None and not deal.lacks_rate


def test_only_an_investment_agreement_contracts_a_project_of_the_same_expo():
    expo = ExpoFactory()
    project = InvestmentProjectFactory(expo=expo)
    with pytest.raises(DomainError) as error:
        make_deal(expo, kind=DealKind.CONTRACT, project_id=project.pk)
    assert error.value.code == "deal_project"
    with pytest.raises(DomainError):
        make_deal(expo, kind=DealKind.INVESTMENT_AGREEMENT, project_id=InvestmentProjectFactory().pk)
    deal = make_deal(expo, kind=DealKind.INVESTMENT_AGREEMENT, project_id=project.pk)
    assert deal.project == project and deal.isic_section == project.isic_section


def test_a_party_declares_a_deal_that_waits_for_an_organiser():
    expo = ExpoFactory()
    user, participant = _exhibitor(expo)
    deal = make_deal(expo, by=user, declare=True, parties=[participant.organisation, OrganisationFactory()])
    assert not deal.is_confirmed and deal.declared_by == participant

    confirm_deal(deal, by=organiser(expo))
    deal.refresh_from_db()
    assert deal.is_confirmed


def test_a_participant_cannot_declare_a_deal_between_other_organisations():
    expo = ExpoFactory()
    user, _participant = _exhibitor(expo)
    with pytest.raises(DomainError) as error:
        make_deal(expo, by=user, declare=True)
    assert error.value.code == "deal_not_a_party"


def test_a_party_cannot_confirm_its_own_declaration():
    expo = ExpoFactory()
    user, participant = _exhibitor(expo)
    deal = make_deal(expo, by=user, declare=True, parties=[participant.organisation, OrganisationFactory()])
    with pytest.raises(DomainError) as error:
        confirm_deal(deal, by=user)
    assert error.value.status == 403


def test_signing_an_intended_deal_converts_it_at_the_rate_of_the_new_date():
    expo = ExpoFactory()
    user = organiser(expo)
    deal = make_deal(
        expo, by=user, status=DealStatus.INTENDED, currency="USD", signed_on=dt.date(2019, 8, 23)
    )
    change_status(deal, status=DealStatus.SIGNED, signed_on=dt.date(2019, 8, 27), by=user)
    deal.refresh_from_db()
    assert deal.status == DealStatus.SIGNED and deal.rate_on == dt.date(2019, 8, 27)
    assert deal.amount_base == Decimal("7161.29")
    with pytest.raises(DomainError) as error:
        change_status(deal, status=DealStatus.INTENDED, by=user)
    assert error.value.code == "deal_status_move"


def test_an_exhibitor_sees_only_its_own_deals_and_those_made_public(client):
    expo = ExpoFactory(slug="cnea")
    user, participant = _exhibitor(expo)
    own = make_deal(expo, parties=[participant.organisation, OrganisationFactory()])
    declared = make_deal(
        expo, by=user, declare=True, parties=[participant.organisation, OrganisationFactory()]
    )
    other = make_deal(expo)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"}

    body = client.get("/api/v1/expos/cnea/deals", **headers).json()
    assert {deal["id"] for deal in body["results"]} == {own.pk, declared.pk}
    assert client.get(f"/api/v1/expos/cnea/deals/{other.pk}", **headers).status_code == 404
    assert client.get("/api/v1/expos/cnea/deals").json()["count"] == 0

    publish_results(expo, by=organiser(expo))

    # Published: the totals are public, another party's deal is not.
    body = client.get("/api/v1/expos/cnea/deals", **headers).json()
    assert {deal["id"] for deal in body["results"]} == {own.pk, declared.pk}
    assert client.get(f"/api/v1/expos/cnea/deals/{other.pk}", **headers).status_code == 404
    assert client.get("/api/v1/expos/cnea/deals").json()["count"] == 0

    set_deal_public(other, public=True, by=organiser(expo))

    body = client.get("/api/v1/expos/cnea/deals", **headers).json()
    assert {deal["id"] for deal in body["results"]} == {own.pk, declared.pk, other.pk}
    assert [deal["id"] for deal in client.get("/api/v1/expos/cnea/deals").json()["results"]] == [other.pk]


def test_an_organiser_sees_every_deal_with_the_contract_fields(client):
    expo = ExpoFactory(slug="cnea")
    user = organiser(expo)
    deal = make_deal(expo, by=user, amount="1000000.00", currency="USD")
    make_deal(expo, by=user, amount="10.00", currency="KPW")

    body = client.get("/api/v1/expos/cnea/deals", HTTP_AUTHORIZATION=f"Bearer {_token(user)}").json()

    assert body["count"] == 2
    first = next(item for item in body["results"] if item["id"] == deal.pk)
    assert {
        key: first[key]
        for key in ("kind", "status", "signed_on", "amount", "currency", "amount_cny", "meeting_id")
    } == {
        "kind": "contract",
        "status": "signed",
        "signed_on": "2019-08-27",
        "amount": "1000000.00",
        "currency": "USD",
        "amount_cny": "7161293.23",
        "meeting_id": None,
    }
    assert [party["country"] for party in first["parties"]] == ["CN", "RU"]
    unconverted = next(item for item in body["results"] if item["id"] != deal.pk)
    assert unconverted["amount_cny"] is None


def test_a_party_declares_through_the_api_and_mistakes_are_400s(client):
    expo = ExpoFactory(slug="cnea")
    user, participant = _exhibitor(expo)
    partner = OrganisationFactory(country="MN")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}", "content_type": "application/json"}
    payload = {
        "kind": "purchase_order",
        "status": "signed",
        "signed_on": "2019-08-26",
        "parties": [participant.organisation.pk, partner.pk],
        "amount": "250000.00",
        "currency": "CNY",
    }

    response = client.post("/api/v1/expos/cnea/deals", payload, **headers)
    assert response.status_code == 201 and response.json()["confirmed"] is False

    response = client.post("/api/v1/expos/cnea/deals", payload | {"amount": "lots"}, **headers)
    assert response.status_code == 400 and "amount" in response.json()["detail"]
    response = client.post("/api/v1/expos/cnea/deals", payload | {"kind": "gift"}, **headers)
    assert response.status_code == 400
    assert (
        client.post("/api/v1/expos/cnea/deals", payload, content_type="application/json").status_code == 401
    )


def test_the_deal_list_needs_the_same_queries_for_few_or_many_deals(client):
    expo = ExpoFactory(slug="cnea")
    user = organiser(expo)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {_token(user)}"}
    make_deal(expo, by=user)
    client.get("/api/v1/expos/cnea/deals", **headers)  # the token's first use is recorded once

    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/expos/cnea/deals", **headers)
    for _ in range(5):
        make_deal(expo, by=user)
    with CaptureQueriesContext(connection) as many:
        client.get("/api/v1/expos/cnea/deals", **headers)
    assert len(many) == len(few)


def test_a_contracted_project_goes_with_its_expo_but_not_alone():
    from django.db.models import RestrictedError

    expo = ExpoFactory()
    project = InvestmentProjectFactory(expo=expo)
    deal = make_deal(expo, kind=DealKind.INVESTMENT_AGREEMENT, project_id=project.pk)
    with pytest.raises(RestrictedError):
        project.delete()

    expo.delete()
    assert not Deal.objects.filter(pk=deal.pk).exists()
