"""Large sums read as each language's closing statements write them."""

from decimal import Decimal

import pytest
from django.utils import translation

from tradefair.reports.domain.wording import in_large_units, large_amount

VOLUME = Decimal("728670000.00")


@pytest.mark.parametrize(
    ("language", "shown"),
    [
        ("en", "728.67"),
        ("ru", "728,67"),
        ("de", "728,67"),
        ("zh-hans", "7.2867"),
        ("ja", "7.2867"),
        ("ko", "7.2867"),
    ],
)
def test_yuan_are_counted_in_millions_or_in_hundred_millions(language, shown):
    assert in_large_units(VOLUME, "CNY", language) == shown


def test_the_phrase_carries_the_unit():
    with translation.override("en"):
        assert large_amount(VOLUME, "CNY", "en") == "728.67 million yuan"
        assert large_amount(VOLUME, "CNY", "zh-hans") == "7.2867 hundred million yuan"
        assert large_amount(Decimal("12500000"), "USD", "en") == "12.50 million USD"


def test_rounding_is_half_even_at_the_last_shown_digit():
    assert in_large_units(Decimal("1005000"), "CNY", "en") == "1.00"
    assert in_large_units(Decimal("1015000"), "CNY", "en") == "1.02"
    assert in_large_units(Decimal("100005000"), "CNY", "zh-hans") == "1.0000"
