import datetime as dt
from decimal import Decimal

import pytest
from django.db.models import Sum

from tests.deals.factories import make_deal, organiser
from tests.factories import (
    ExhibitorFactory,
    ExpoFactory,
    InvestmentProjectFactory,
    OrganisationFactory,
    ParticipantFactory,
)
from tradefair.deals.domain.rates import enter_rate
from tradefair.deals.models import Deal, DealKind, DealStatus
from tradefair.reports.domain.publication import publish_results
from tradefair.reports.domain.results import compute_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea-2019", series="cnea", edition=12)


@pytest.fixture
def user(expo):
    return organiser(expo)


def _deals(expo, user):
    """A small edition: trade in three currencies, intentions, a cancelled contract,
    an unconverted deal, investment agreements and an unconfirmed declaration."""
    made = {
        "cny": make_deal(expo, by=user, amount="500000000.00", currency="CNY"),
        "usd": make_deal(expo, by=user, amount="1000000.00", currency="USD", kind=DealKind.PURCHASE_ORDER),
        "jpy": make_deal(
            expo, by=user, amount="333333333.00", currency="JPY", signed_on=dt.date(2019, 8, 26)
        ),
        "intent": make_deal(
            expo, by=user, amount="2000000.00", kind=DealKind.INTENT, status=DealStatus.SIGNED
        ),
        "intended_order": make_deal(expo, by=user, amount="300.00", status=DealStatus.INTENDED),
        "executed": make_deal(expo, by=user, amount="0.01", status=DealStatus.EXECUTED),
        "cancelled": make_deal(expo, by=user, amount="99999.00", status=DealStatus.CANCELLED),
        "mnt": make_deal(expo, by=user, amount="5000000.00", currency="MNT"),
    }
    big = InvestmentProjectFactory(expo=expo, isic_section="D")
    small = InvestmentProjectFactory(expo=expo, isic_section="C")
    made["big"] = make_deal(
        expo, by=user, kind=DealKind.INVESTMENT_AGREEMENT, amount="1200000000.00", project_id=big.pk
    )
    made["small"] = make_deal(
        expo,
        by=user,
        kind=DealKind.INVESTMENT_AGREEMENT,
        amount="15000000.00",
        currency="USD",
        project_id=small.pk,
    )
    return made


def test_trade_volume_is_the_sum_of_signed_trade_deals_in_cny(expo, user):
    made = _deals(expo, user)
    results = compute_results(expo)
    figures = results.figures

    expected = sum(made[key].amount_base for key in ("cny", "usd", "jpy", "executed"))
    assert figures["trade_volume"] == expected
    assert results.sources["trade_volume"]["deal_ids"] == sorted(
        made[key].pk for key in ("cny", "usd", "jpy", "executed")
    )
    assert figures["intended_volume"] == Decimal("2000300.00")
    assert figures["deals_signed"] == 7 and figures["deals_intended"] == 2
    assert figures["contracted_projects"] == 2
    assert figures["contracted_investment"] == made["big"].amount_base + made["small"].amount_base
    assert results.unconverted_deals == [made["mnt"].pk]


def test_totals_equal_the_database_sums_to_the_fen(expo, user):
    _deals(expo, user)
    figures = compute_results(expo).figures
    counted = Deal.objects.filter(expo=expo, confirmed_at__isnull=False).exclude(status=DealStatus.CANCELLED)

    trade = counted.filter(kind__in=["contract", "purchase_order"], status__in=["signed", "executed"])
    assert figures["trade_volume"] == trade.aggregate(total=Sum("amount_base"))["total"]
    agreements = counted.filter(kind="investment_agreement", status__in=["signed", "executed"])
    assert figures["contracted_investment"] == agreements.aggregate(total=Sum("amount_base"))["total"]


def test_the_tables_add_up_to_the_headline_figures(expo, user):
    _deals(expo, user)
    results = compute_results(expo)
    figures, tables = results.figures, results.tables

    for table in ("by_sector", "by_country"):
        assert sum((line["trade_volume"] for line in tables[table]), Decimal(0)) == figures["trade_volume"]
        assert sum(line["contracted_projects"] for line in tables[table]) == figures["contracted_projects"]
        assert sum(line["deals_signed"] for line in tables[table]) == figures["deals_signed"]
    bands = {band["band"]: band for band in tables["size_bands"]}
    assert bands["1000m"]["projects"] == 1 and bands["100m"]["projects"] == 1
    assert sum(band["amount"] for band in bands.values()) == figures["contracted_investment"]
    assert {line["currency"] for line in tables["by_currency"]} == {"CNY", "USD", "JPY", "MNT"}
    assert sum((day["trade_volume"] for day in tables["trade_by_day"]), Decimal(0)) == figures["trade_volume"]


def test_an_unconfirmed_declaration_does_not_count_until_confirmed(expo, user):
    from tests.factories import UserFactory
    from tradefair.deals.domain.recording import confirm_deal

    member = UserFactory()
    participant = ParticipantFactory(expo=expo, user=member)
    deal = make_deal(
        expo,
        by=member,
        declare=True,
        amount="10.00",
        parties=[participant.organisation, OrganisationFactory()],
    )
    assert compute_results(expo).figures["trade_volume"] == Decimal("0.00")
    confirm_deal(deal, by=user)
    assert compute_results(expo).figures["trade_volume"] == Decimal("10.00")


def test_an_organiser_rate_brings_an_unconverted_deal_into_the_totals(expo, user):
    deal = make_deal(expo, by=user, amount="5000000.00", currency="MNT")
    assert compute_results(expo).unconverted_deals == [deal.pk]
    enter_rate(expo, currency="MNT", rate="0.0041", valid_from=dt.date(2019, 8, 1), by=user)
    results = compute_results(expo)
    assert results.unconverted_deals == [] and results.figures["trade_volume"] == Decimal("20500.00")


def test_the_results_document_follows_the_contract(client, expo, user):
    _deals(expo, user)
    ParticipantFactory(expo=expo, country="RU")
    ExhibitorFactory(expo=expo, organisation=OrganisationFactory(country="JP"))
    publish_results(expo, by=user)

    body = client.get("/api/v1/expos/cnea-2019/results").json()

    assert body["format"] == "tradefair-results/1" and body["expo"] == "cnea-2019" and body["edition"] == 12
    assert body["currency"] == "CNY" and body["as_of"].endswith("+08:00")
    figures = compute_results(expo).figures
    assert body["figures"]["trade_volume"] == f"{figures['trade_volume']:.2f}"
    assert body["figures"]["participants"] == 1 and body["figures"]["exhibitors_foreign"] == 1
    assert set(body["figures"]) == {
        "participants", "merchants", "countries_and_regions", "exhibitors", "exhibitors_foreign",
        "checked_in", "meetings_scheduled", "meetings_held", "deals_signed", "deals_intended",
        "trade_volume", "intended_volume", "contracted_projects", "contracted_investment",
    }  # fmt: skip
    assert set(body["sources"]) == set(body["figures"])
    assert len(body["unconverted_deals"]) == 1


def test_results_are_for_organisers_until_published(client, expo, user):
    response = client.get("/api/v1/expos/cnea-2019/results")
    assert response.status_code == 403 and "not been published" in response.json()["detail"]
    client.force_login(user)
    assert client.get("/api/v1/expos/cnea-2019/results").status_code == 200


def test_the_change_from_the_previous_edition_and_the_cumulative_totals(expo, user):
    previous = ExpoFactory(slug="cnea-2018", series="cnea", edition=11)
    make_deal(previous, by=user, amount="400000000.00")
    make_deal(expo, by=user, amount="500000000.00")
    ExpoFactory(slug="other-2018", edition=11)

    comparison = compute_results(expo).comparison

    assert comparison["previous_edition"]["expo"] == "cnea-2018"
    assert comparison["previous_edition"]["change_percent"]["trade_volume"] == "25.0"
    assert comparison["cumulative"]["figures"]["trade_volume"] == Decimal("900000000.00")
    assert comparison["cumulative"]["editions"] == 2


def test_matchmaking_yield_counts_the_deals_that_name_their_meeting(expo, user):
    from tradefair.matchmaking.models import Meeting, MeetingStatus, Round, Slot

    round_ = Round.objects.create(expo=expo, name="Round 1")
    slot = Slot.objects.create(
        round=round_,
        starts_at=dt.datetime(2019, 8, 24, 1, tzinfo=dt.UTC),
        ends_at=dt.datetime(2019, 8, 24, 2, tzinfo=dt.UTC),
    )
    buyer, seller = ParticipantFactory(expo=expo), ParticipantFactory(expo=expo)
    meeting = Meeting.objects.create(
        round=round_, requester=buyer, counterpart=seller, slot=slot, table=1, status=MeetingStatus.HELD
    )
    from_meeting = make_deal(
        expo,
        by=user,
        amount="300.00",
        meeting_id=meeting.pk,
        parties=[buyer.organisation, seller.organisation],
    )
    make_deal(expo, by=user, amount="700.00")
    absent, cancelled = ParticipantFactory(expo=expo), ParticipantFactory(expo=expo)
    Meeting.objects.create(
        round=round_, requester=buyer, counterpart=absent, slot=slot, table=2, status=MeetingStatus.NO_SHOW
    )
    Meeting.objects.create(
        round=round_,
        requester=seller,
        counterpart=cancelled,
        slot=slot,
        table=3,
        status=MeetingStatus.CANCELLED,
    )

    results = compute_results(expo)

    assert results.figures["meetings_held"] == 1 and results.figures["meetings_scheduled"] == 2
    assert results.tables["matchmaking"]["deal_ids"] == [from_meeting.pk]
    assert results.tables["matchmaking"]["trade_volume"] == Decimal("300.00")
