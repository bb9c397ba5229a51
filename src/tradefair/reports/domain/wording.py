"""How the results read in each interface language: labels of figures, sectors, size
bands and numbers formatted after the reader's locale (Babel, CLDR)."""

from decimal import ROUND_HALF_EVEN, Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal
from django.utils.translation import get_language, to_locale
from django.utils.translation import gettext_lazy as _

from tradefair.common.regions import country_name
from tradefair.common.taxonomy import ISIC_SECTIONS

FIGURE_LABELS = {
    "participants": _("Participants"),
    "merchants": _("Merchants"),
    "countries_and_regions": _("Countries and regions"),
    "exhibitors": _("Exhibitors"),
    "exhibitors_foreign": _("Foreign exhibitors"),
    "checked_in": _("People checked in"),
    "meetings_scheduled": _("Meetings scheduled"),
    "meetings_held": _("Meetings held"),
    "deals_signed": _("Deals signed"),
    "deals_intended": _("Deals intended"),
    "trade_volume": _("Trade volume"),
    "intended_volume": _("Intended volume"),
    "contracted_projects": _("Contracted projects"),
    "contracted_investment": _("Contracted investment"),
}
MONEY_FIGURES = {"trade_volume", "intended_volume", "contracted_investment"}

BAND_LABELS = {
    "5000m": _("5 billion yuan or more"),
    "1000m": _("1 to 5 billion yuan"),
    "500m": _("500 million to 1 billion yuan"),
    "100m": _("100 to 500 million yuan"),
    "below": _("under 100 million yuan"),
}

COLUMN_LABELS = {
    "sector": _("Sector"),
    "country": _("Country or region"),
    "deals_signed": _("Deals signed"),
    "deals_intended": _("Deals intended"),
    "trade_volume": _("Trade volume"),
    "intended_volume": _("Intended volume"),
    "contracted_projects": _("Contracted projects"),
    "contracted_investment": _("Contracted investment"),
    "band": _("Size"),
    "projects": _("Projects"),
    "amount": _("Amount"),
    "currency": _("Currency"),
    "deals": _("Deals"),
    "amount_base": _("Converted"),
    "unconverted": _("Without a rate"),
    "day": _("Day"),
}


def babel_locale(language: str | None = None) -> Locale:
    code = to_locale(language or get_language() or "en")
    try:
        return Locale.parse(code)
    except (ValueError, UnknownLocaleError):
        return Locale.parse(code.split("_")[0]) if "_" in code else Locale("en")


def number(value, language: str | None = None) -> str:
    return format_decimal(value, locale=babel_locale(language))


def money(value: Decimal, currency: str, language: str | None = None) -> str:
    return format_currency(value, currency, locale=babel_locale(language))


def amount(value: Decimal, language: str | None = None) -> str:
    """An amount in the base currency named by the table's heading: digits only, to the fen."""
    return format_decimal(value, format="#,##0.00", locale=babel_locale(language))


def millions(value: Decimal, language: str | None = None) -> str:
    """728670000.00 -> "728.67" (in the reader's digits and separators)."""
    scaled = (Decimal(value) / Decimal(1_000_000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return format_decimal(scaled, format="#,##0.00", locale=babel_locale(language))


def figure_value(key: str, value, currency: str, language: str | None = None) -> str:
    if key in MONEY_FIGURES:
        return money(value, currency, language)
    return number(value, language)


def sector_label(code: str) -> str:
    return str(ISIC_SECTIONS.get(code, _("Not classified"))) if code else str(_("Not classified"))


def area_label(code: str) -> str:
    return country_name(code) or code
