"""Converting deal amounts into the expo's base currency at the rate of the signing date.

Where a rate comes from, in order of precedence:

1. the organiser's rate for the currency valid on the signing date (``ExchangeRate``); it
   covers what the ECB does not publish (MNT, KPW, TWD, RUB after 1 March 2022) and lets an
   organiser follow an official rate of its own;
2. the ECB euro reference rates shipped in the ``currencyconverter`` package, so conversion
   works offline. The ECB publishes on TARGET working days only; a deal signed on a weekend
   or holiday takes the last reference rate published in the seven days before, as the ECB
   itself advises. The cross rate is ``base per EUR / currency per EUR``.

A deal without a rate is never converted at 0 or 1: its converted amount stays empty, it is
left out of the totals and listed in ``unconverted_deals``.

Rounding: the rate is kept to 12 decimal places (ROUND_HALF_EVEN) and stored on the deal;
the converted amount is ``amount * rate`` rounded once, ROUND_HALF_EVEN, to the fen (0.01).
Totals are sums of the stored converted amounts, so a total equals the sum of its parts
exactly and each part can be recomputed from the deal's own amount and rate.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from functools import lru_cache

from django.db import transaction
from django.db.models import Q

from tradefair.common.audit import log_action
from tradefair.common.numbers import fits_field
from tradefair.deals.models import Deal, ExchangeRate, RateSource

FEN = Decimal("0.01")
RATE_PLACES = Decimal("0.000000000001")
ECB_LOOKBACK_DAYS = 7


def round_fen(value: Decimal) -> Decimal:
    return value.quantize(FEN, rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class Rate:
    """One unit of ``currency`` is worth ``value`` units of ``base``, as of ``day``."""

    currency: str
    base: str
    value: Decimal
    source: str
    day: dt.date | None

    def convert(self, amount: Decimal) -> Decimal:
        return round_fen(amount * self.value)


@lru_cache(maxsize=1)
def _ecb():
    # Loading the shipped history takes a quarter of a second: once per process.
    from currency_converter import CurrencyConverter

    return CurrencyConverter(fallback_on_missing_rate=False, fallback_on_wrong_date=False)


def _per_euro(currency: str, day: dt.date) -> tuple[Decimal, dt.date] | None:
    if currency == "EUR":
        return Decimal(1), day
    converter = _ecb()
    rates = converter._rates.get(currency)
    if not rates:
        return None
    for back in range(ECB_LOOKBACK_DAYS + 1):
        published = day - dt.timedelta(days=back)
        value = rates.get(published)
        if value is not None:
            # The package parses the ECB's published figures (at most 6 significant digits)
            # as floats; their shortest repr gives back the published decimal exactly.
            return Decimal(repr(value)), published
    return None


def ecb_rate(currency: str, base: str, day: dt.date) -> Rate | None:
    currency_side = _per_euro(currency, day)
    base_side = _per_euro(base, day)
    if currency_side is None or base_side is None:
        return None
    with localcontext() as context:
        context.prec = 34
        value = (base_side[0] / currency_side[0]).quantize(RATE_PLACES, rounding=ROUND_HALF_EVEN)
    return Rate(currency, base, value, RateSource.ECB, min(currency_side[1], base_side[1]))


class RateBook:
    """The rates of one expo, read once: converting a thousand deals costs one query."""

    def __init__(self, expo):
        self.base = expo.base_currency
        self._organiser: dict[str, list[ExchangeRate]] = {}
        for entry in ExchangeRate.objects.filter(expo=expo).order_by("currency", "-valid_from"):
            self._organiser.setdefault(entry.currency, []).append(entry)

    def rate(self, currency: str, day: dt.date) -> Rate | None:
        if currency == self.base:
            return Rate(currency, self.base, Decimal(1), RateSource.SAME, day)
        for entry in self._organiser.get(currency, ()):
            if entry.valid_from <= day and (entry.valid_until is None or day <= entry.valid_until):
                return Rate(currency, self.base, entry.rate, RateSource.ORGANISER, entry.valid_from)
        return ecb_rate(currency, self.base, day)


def apply_conversion(deal: Deal, book: RateBook) -> None:
    """Set the deal's converted amount and rate fields (without saving)."""
    rate = book.rate(deal.currency, deal.signed_on) if deal.amount is not None else None
    if rate is not None and not fits_field(Deal._meta.get_field("amount_base"), rate.convert(deal.amount)):
        # A converted amount the column cannot keep (a huge amount at a large rate) is
        # left unconverted, listed for the organisers, rather than overflowing the database.
        rate = None
    if rate is None:
        deal.amount_base = deal.rate = deal.rate_on = None
        deal.rate_source = RateSource.NONE
        return
    deal.amount_base = rate.convert(deal.amount)
    deal.rate = rate.value
    deal.rate_source = rate.source
    deal.rate_on = rate.day


CONVERSION_FIELDS = ["amount_base", "rate", "rate_source", "rate_on"]


def reconvert_deals(expo, *, currency: str | None = None, by=None) -> int:
    """Convert the expo's deals again (all, or those in one currency), after an organiser
    entered or removed a rate. Returns how many deals changed."""
    with transaction.atomic():
        deals = Deal.objects.select_for_update().filter(expo=expo).exclude(amount__isnull=True)
        if currency:
            deals = deals.filter(currency=currency)
        book = RateBook(expo)
        changed = []
        for deal in deals:
            before = tuple(getattr(deal, name) for name in CONVERSION_FIELDS)
            apply_conversion(deal, book)
            if tuple(getattr(deal, name) for name in CONVERSION_FIELDS) != before:
                changed.append(deal)
        Deal.objects.bulk_update(changed, CONVERSION_FIELDS, batch_size=500)
        if changed:
            log_action(
                expo, "deals.reconverted", actor=by, data={"currency": currency, "deals": len(changed)}
            )
    return len(changed)


def unconverted(deals):
    """Deals with an amount but no rate."""
    return deals.filter(Q(amount__isnull=False) & Q(amount_base__isnull=True))
