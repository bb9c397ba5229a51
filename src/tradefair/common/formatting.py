"""Numbers, money and dates in the reader's locale, from CLDR through Babel, so that
"30,000" reads right in every interface language."""

import datetime as dt
import zoneinfo
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import get_timezone_gmt, get_timezone_name
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils.translation import get_language, get_language_info, to_locale


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


def format_time_zone(zone_name: str, language: str | None = None, *, at: dt.datetime | None = None) -> str:
    """A time zone as readers know it ("China Standard Time, GMT+08:00", "中国标准时间,
    GMT+08:00"): visitors fly in from many zones, so every time on a page says which
    clock it is read on, in words and as an offset. ``at`` is the moment the times are
    about (an expo in summer keeps its summer offset when read in winter)."""
    zone = zoneinfo.ZoneInfo(zone_name)
    moment = (at or dt.datetime.now(zone)).astimezone(zone)
    locale = babel_locale(language)
    return (
        f"{get_timezone_name(moment, width='long', locale=locale)}, {get_timezone_gmt(moment, locale=locale)}"
    )


def language_name(code: str, language: str | None = None) -> str:
    """A language's CLDR name in the reader's language ("zh-hans" -> "中文" or "Chinese");
    sessions and people speak languages beyond the ten of the interface."""
    names = babel_locale(language).languages
    code = str(code)
    return names.get(to_locale(code)) or names.get(code.split("-")[0].split("_")[0]) or code


def native_language_name(code: str) -> str:
    """A language's name in itself, for the switcher ("Монгол", "العربية"). Django knows
    most of them; where it only has the English name (Mongolian), CLDR has the native
    one. Capitalised, as a menu item starts ("Français", not "français")."""
    info = get_language_info(code)
    name = info["name_local"]
    if name == info["name"]:
        name = Locale.parse(to_locale(code)).get_display_name() or name
    return name[:1].upper() + name[1:]
