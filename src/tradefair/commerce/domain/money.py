"""Invoice arithmetic, in Decimal, exact to the fen (0.01 of the currency unit).

The rule, the one Chinese VAT invoices and most European tax authorities accept:
each line's net amount is quantity × unit price, rounded half up to the fen; its tax is
net × rate / 100, rounded half up to the fen, per line; the line's gross is net + tax.
The invoice's totals are the sums of the lines' rounded amounts, so that the printed
lines always add up to the printed totals (no separate rounding of the total)."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

FEN = Decimal("0.01")
HUNDRED = Decimal(100)


def to_fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class LineAmounts:
    net: Decimal
    tax: Decimal
    gross: Decimal


def line_amounts(*, quantity: int, unit_price: Decimal, tax_rate: Decimal) -> LineAmounts:
    net = to_fen(Decimal(quantity) * unit_price)
    tax = to_fen(net * tax_rate / HUNDRED)
    return LineAmounts(net=net, tax=tax, gross=net + tax)


@dataclass(frozen=True)
class Totals:
    net: Decimal
    tax: Decimal
    gross: Decimal
    by_rate: dict  # rate -> (net, tax)


def totals(lines: list[tuple[int, Decimal, Decimal]]) -> Totals:
    """Totals of (quantity, unit price, tax rate) lines."""
    net = tax = Decimal("0.00")
    by_rate: dict[Decimal, tuple[Decimal, Decimal]] = {}
    for quantity, unit_price, rate in lines:
        amounts = line_amounts(quantity=quantity, unit_price=unit_price, tax_rate=rate)
        net += amounts.net
        tax += amounts.tax
        rate_net, rate_tax = by_rate.get(rate, (Decimal("0.00"), Decimal("0.00")))
        by_rate[rate] = (rate_net + amounts.net, rate_tax + amounts.tax)
    return Totals(net=net, tax=tax, gross=net + tax, by_rate=by_rate)
