"""How the results read in each interface language: labels of figures, sectors, size
bands and numbers formatted after the reader's locale (Babel, CLDR)."""

from decimal import ROUND_HALF_EVEN, Decimal

from babel.numbers import format_decimal
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tradefair.common.formatting import babel_locale, format_money
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


def number(value, language: str | None = None) -> str:
    return format_decimal(value, locale=babel_locale(language))


def amount(value: Decimal, language: str | None = None) -> str:
    """An amount in the base currency named by the table's heading: digits only, to the fen."""
    return format_decimal(value, format="#,##0.00", locale=babel_locale(language))


# Chinese, Japanese and Korean count large sums in units of 10^8 (亿, 億, 억): their
# closing statements read "7.2867亿元", never "728.67百万元".
MYRIAD_LANGUAGES = frozenset({"zh-hans", "ja", "ko"})


def _large_scale(currency: str, language: str | None) -> tuple[int, str]:
    """The divisor and the number of decimals that keep an amount exact to 10,000 yuan."""
    if currency == "CNY" and (language or get_language()) in MYRIAD_LANGUAGES:
        return 100_000_000, "0.0001"
    return 1_000_000, "0.01"


def large_unit(currency: str, language: str | None = None) -> str:
    """The unit that goes with ``in_large_units`` ("million yuan", "亿元")."""
    divisor, _places = _large_scale(currency, language)
    if currency != "CNY":
        return _("million %(currency)s") % {"currency": currency}
    return _("hundred million yuan") if divisor == 100_000_000 else _("million yuan")


def in_large_units(value: Decimal, currency: str = "CNY", language: str | None = None) -> str:
    """728670000.00 -> "728.67" (millions) or "7.2867" (亿), in the reader's digits."""
    divisor, places = _large_scale(currency, language)
    scaled = (Decimal(value) / Decimal(divisor)).quantize(Decimal(places), rounding=ROUND_HALF_EVEN)
    pattern = "#,##0." + "0" * (len(places) - 2)
    return format_decimal(scaled, format=pattern, locale=babel_locale(language))


def large_amount(value: Decimal, currency: str, language: str | None = None) -> str:
    """ "728.67 million yuan", "7.2867亿元": how closing statements give amounts."""
    shown = in_large_units(value, currency, language)
    if currency != "CNY":
        return _("%(amount)s million %(currency)s") % {"amount": shown, "currency": currency}
    if _large_scale(currency, language)[0] == 100_000_000:
        return _("%(amount)s hundred million yuan") % {"amount": shown}
    return _("%(amount)s million yuan") % {"amount": shown}


def figure_value(key: str, value, currency: str, language: str | None = None) -> str:
    if key in MONEY_FIGURES:
        return format_money(value, currency, language)
    return number(value, language)


def sector_label(code: str) -> str:
    return str(ISIC_SECTIONS.get(code, _("Not classified"))) if code else str(_("Not classified"))


def area_label(code: str) -> str:
    return country_name(code) or code
