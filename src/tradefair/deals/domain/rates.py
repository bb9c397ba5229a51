"""Organiser-entered exchange rates; entering one converts the affected deals again."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.common.numbers import NumberRefused, storable_for
from tradefair.deals.domain.conversion import reconvert_deals
from tradefair.deals.domain.errors import DealError, DealPermissionDenied
from tradefair.deals.models import ExchangeRate
from tradefair.expos.permissions import administers_expo


def enter_rate(
    expo,
    *,
    currency: str,
    rate: Decimal | str,
    valid_from: dt.date,
    valid_until: dt.date | None = None,
    note: str = "",
    by,
) -> ExchangeRate:
    # A rate changes every converted figure of the results: an admin's decision.
    if not administers_expo(by, expo):
        raise DealPermissionDenied(
            "rate_forbidden", _("Only the expo's administrators enter exchange rates.")
        )
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
        raise DealError("rate_currency", _("Give the currency as an ISO 4217 code such as MNT."))
    if currency == expo.base_currency:
        raise DealError("rate_base", _("The base currency needs no rate."))
    try:
        value = storable_for(ExchangeRate._meta.get_field("rate"), rate, above_minimum=True)
    except NumberRefused as refused:
        raise DealError("rate_value", refused.message) from None
    if valid_until is not None and valid_until < valid_from:
        raise DealError("rate_period", _("A rate cannot end before it starts."))
    with transaction.atomic():
        entry, _created = ExchangeRate.objects.update_or_create(
            expo=expo,
            currency=currency,
            valid_from=valid_from,
            defaults={
                "rate": value,
                "valid_until": valid_until,
                "note": note[:200],
                "entered_by": by if getattr(by, "is_authenticated", False) else None,
            },
        )
        log_action(entry, "rate.entered", actor=by, data={"currency": currency, "rate": str(entry.rate)})
        reconvert_deals(expo, currency=currency, by=by)
    return entry


def remove_rate(entry: ExchangeRate, *, by) -> None:
    expo = entry.expo
    if not administers_expo(by, expo):
        raise DealPermissionDenied(
            "rate_forbidden", _("Only the expo's administrators remove exchange rates.")
        )
    with transaction.atomic():
        log_action(
            entry, "rate.removed", actor=by, data={"currency": entry.currency, "rate": str(entry.rate)}
        )
        currency = entry.currency
        entry.delete()
        reconvert_deals(expo, currency=currency, by=by)
