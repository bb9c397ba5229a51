"""Numbers, money and dates in the reader's locale, from CLDR through Babel, so that
"30,000" reads right in every interface language."""

from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils.translation import get_language, to_locale


def babel_locale(language: str | None = None) -> Locale:
    code = language or get_language() or settings.LANGUAGE_CODE
    try:
        return Locale.parse(to_locale(code))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def format_number(value, language: str | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=babel_locale(language))


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    return format_currency(amount, currency, locale=babel_locale(language))
