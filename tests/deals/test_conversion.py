import datetime as dt
from decimal import Decimal

import pytest

from tests.deals.factories import make_deal, organiser
from tests.factories import ExpoFactory
from tradefair.deals.domain.conversion import RateBook, ecb_rate, round_fen
from tradefair.deals.domain.rates import enter_rate, remove_rate
from tradefair.deals.models import Deal, RateSource

pytestmark = pytest.mark.django_db

# ECB euro reference rates of 27 August 2019: USD 1.1104, CNY 7.9519.
USD_IN_CNY_2019_08_27 = (Decimal("7.9519") / Decimal("1.1104")).quantize(Decimal("1e-12"))


def test_usd_converts_to_cny_at_the_ecb_cross_rate_of_the_signing_date():
    deal = make_deal(amount="1000000.00", currency="USD", signed_on=dt.date(2019, 8, 27))

    assert deal.rate == USD_IN_CNY_2019_08_27 == Decimal("7.161293227666")
    assert deal.rate_source == RateSource.ECB and deal.rate_on == dt.date(2019, 8, 27)
    assert deal.amount_base == Decimal("7161293.23")


def test_a_weekend_signing_takes_the_last_published_ecb_rate():
    # 24 August 2019 was a Saturday: the ECB published on Friday the 23rd.
    rate = ecb_rate("USD", "CNY", dt.date(2019, 8, 24))
    assert rate.day == dt.date(2019, 8, 23)
    assert rate.value == ecb_rate("USD", "CNY", dt.date(2019, 8, 23)).value


def test_a_euro_amount_uses_the_cny_per_euro_rate_directly():
    deal = make_deal(amount="100.00", currency="EUR", signed_on=dt.date(2019, 8, 27))
    assert deal.rate == Decimal("7.951900000000") and deal.amount_base == Decimal("795.19")


def test_base_currency_amounts_are_taken_as_they_are():
    deal = make_deal(amount="728670000.00", currency="CNY")
    assert deal.amount_base == Decimal("728670000.00") and deal.rate_source == RateSource.SAME


def test_an_organiser_rate_overrides_the_ecb_rate_of_that_date():
    expo = ExpoFactory()
    user = organiser(expo)
    deal = make_deal(expo, by=user, amount="1000000.00", currency="USD", signed_on=dt.date(2019, 8, 27))
    assert deal.rate_source == RateSource.ECB

    enter_rate(expo, currency="USD", rate="7.0850", valid_from=dt.date(2019, 8, 20), by=user)

    deal.refresh_from_db()
    assert deal.rate == Decimal("7.085") and deal.rate_source == RateSource.ORGANISER
    assert deal.amount_base == Decimal("7085000.00")


def test_an_organiser_rate_applies_only_within_its_period():
    expo = ExpoFactory()
    user = organiser(expo)
    enter_rate(
        expo,
        currency="USD",
        rate="7",
        valid_from=dt.date(2019, 8, 1),
        valid_until=dt.date(2019, 8, 10),
        by=user,
    )
    book = RateBook(expo)
    assert book.rate("USD", dt.date(2019, 8, 5)).source == RateSource.ORGANISER
    assert book.rate("USD", dt.date(2019, 8, 27)).source == RateSource.ECB


def test_a_currency_without_any_rate_is_flagged_never_converted_at_zero_or_one():
    deal = make_deal(amount="5000000.00", currency="MNT", signed_on=dt.date(2019, 8, 27))

    assert deal.amount_base is None and deal.rate is None and deal.lacks_rate
    assert deal.rate_source == RateSource.NONE


def test_rub_after_the_ecb_stopped_publishing_it_needs_an_organiser_rate():
    expo = ExpoFactory()
    user = organiser(expo)
    deal = make_deal(expo, by=user, amount="1000.00", currency="RUB", signed_on=dt.date(2023, 9, 5))
    assert deal.lacks_rate

    enter_rate(expo, currency="RUB", rate="0.0745", valid_from=dt.date(2023, 9, 1), by=user)
    deal.refresh_from_db()
    assert deal.amount_base == Decimal("74.50")


def test_removing_the_organiser_rate_falls_back_to_the_ecb():
    expo = ExpoFactory()
    user = organiser(expo)
    entry = enter_rate(expo, currency="USD", rate="7", valid_from=dt.date(2019, 8, 1), by=user)
    deal = make_deal(expo, by=user, amount="10.00", currency="USD", signed_on=dt.date(2019, 8, 27))
    assert deal.amount_base == Decimal("70.00")

    remove_rate(entry, by=user)
    deal.refresh_from_db()
    assert deal.rate_source == RateSource.ECB and deal.amount_base == Decimal("71.61")


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Decimal("0.125"), Decimal("0.12")),  # half to even: down to the even fen
        (Decimal("0.135"), Decimal("0.14")),  # half to even: up to the even fen
        (Decimal("0.1251"), Decimal("0.13")),
        (Decimal("2.005"), Decimal("2.00")),
    ],
)
def test_conversion_rounds_half_to_even_to_the_fen(value, rounded):
    assert round_fen(value) == rounded


def test_a_converted_amount_is_rounded_once_from_amount_times_stored_rate():
    expo = ExpoFactory()
    user = organiser(expo)
    enter_rate(expo, currency="JPY", rate="0.0675", valid_from=dt.date(2019, 8, 1), by=user)
    # 1234.50 * 0.0675 = 83.32875 -> 83.33; 50.00 * 0.0675 = 3.375 -> 3.38 (half to even: 8 is even)
    deal = make_deal(expo, by=user, amount="1234.50", currency="JPY")
    other = make_deal(expo, by=user, amount="50.00", currency="JPY")
    assert deal.amount_base == Decimal("83.33") and other.amount_base == Decimal("3.38")
    for stored in Deal.objects.filter(expo=expo):
        assert stored.amount_base == round_fen(stored.amount * stored.rate)
