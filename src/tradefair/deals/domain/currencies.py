"""The currencies a deal may be signed in: ISO 4217 codes of the currencies that were
legal tender somewhere at any time since 2010 (CLDR's territory data, through Babel), so
a code that names no currency is refused instead of being left without a rate. Each is
shown with its CLDR name in the reader's language, the expo's base currency first."""

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.numbers import get_currency_name, get_territory_currencies

from tradefair.common.formatting import babel_locale

SINCE = dt.date(2010, 1, 1)


@lru_cache(maxsize=1)
def known_currencies() -> frozenset[str]:
    territories = [code for code in Locale("en").territories if len(code) == 2 and code.isalpha()]
    codes = set()
    for territory in territories:
        codes.update(
            get_territory_currencies(territory, start_date=SINCE, end_date=dt.date.today(), tender=True)
        )
    return frozenset(codes)


def is_known_currency(code: str) -> bool:
    return code in known_currencies()


@lru_cache(maxsize=32)
def _choices(locale: str) -> tuple[tuple[str, str], ...]:
    return tuple(
        (code, f"{code} · {get_currency_name(code, locale=locale)}") for code in sorted(known_currencies())
    )


def currency_choices(base: str, language: str | None = None) -> list[tuple[str, str]]:
    """(code, "USD · US dollar") pairs in the reader's language, ``base`` first."""
    choices = list(_choices(str(babel_locale(language))))
    first = [choice for choice in choices if choice[0] == base]
    return first + [choice for choice in choices if choice[0] != base]
