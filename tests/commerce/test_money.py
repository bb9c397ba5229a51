"""Totals are exact to the fen: lines rounded half up, totals the sums of the lines."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from tradefair.commerce.domain.money import FEN, line_amounts, totals

prices = st.integers(min_value=0, max_value=9_999_999_999).map(lambda fen: Decimal(fen).scaleb(-2))
rates = st.sampled_from(
    [Decimal("0"), Decimal("6"), Decimal("9"), Decimal("13"), Decimal("6.5"), Decimal("19.25")]
)
lines = st.lists(st.tuples(st.integers(min_value=1, max_value=500), prices, rates), min_size=1, max_size=30)


def test_a_half_fen_of_tax_rounds_up():
    # 0.25 × 6 % = 0.015: half a fen goes up to 0.02, not to the even 0.02/0.01 of banker's rounding.
    assert line_amounts(quantity=1, unit_price=Decimal("0.25"), tax_rate=Decimal("6")).tax == Decimal("0.02")
    assert line_amounts(quantity=1, unit_price=Decimal("0.75"), tax_rate=Decimal("6")).tax == Decimal("0.05")


@given(lines)
def test_totals_are_the_sums_of_the_printed_lines_to_the_fen(items):
    result = totals(items)
    amounts = [line_amounts(quantity=q, unit_price=p, tax_rate=r) for q, p, r in items]
    assert result.net == sum(a.net for a in amounts)
    assert result.tax == sum(a.tax for a in amounts)
    assert result.gross == result.net + result.tax
    for value in (result.net, result.tax, result.gross):
        assert value == value.quantize(FEN)
    # The tax of each line is within half a fen of the exact tax.
    for (quantity, price, rate), amount in zip(items, amounts, strict=True):
        exact = Decimal(quantity) * price * rate / 100
        assert abs(amount.tax - exact) <= Decimal("0.005")
    assert sum(net for net, _tax in result.by_rate.values()) == result.net
