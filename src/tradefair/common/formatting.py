"""Numbers, money and dates in the reader's locale, from CLDR through Babel, so that
"30,000" reads right in every interface language."""

import datetime as dt
import zoneinfo
from decimal import Decimal

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton, get_datetime_format, get_timezone_gmt, get_timezone_name
from babel.numbers import format_currency, format_decimal
from django.conf import settings
from django.utils.translation import get_language, get_language_info, to_locale


def babel_locale(language: str | None = None) -> Locale:
    """The CLDR locale of a language code ("zh-hans" -> zh_Hans), else of its base language
    ("xx-yy" -> xx), else English: the one place every app reads its locale from."""
    code = to_locale(language or get_language() or settings.LANGUAGE_CODE)
    for candidate in (code, code.split("_")[0]):
        try:
            return Locale.parse(candidate)
        except (UnknownLocaleError, ValueError):
            continue
    return Locale.parse("en")


def format_number(value, language: str | None = None) -> str:
    if value is None or value == "":
        return ""
    return format_decimal(value, locale=babel_locale(language))


def format_money(amount: Decimal, currency: str, language: str | None = None) -> str:
    """An amount with its currency as the reader's locale writes it: "US$1,000,000.00",
    "1 000 000,00 $", "¥1,000,000.00"; the one money formatter of every app."""
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


DAY = "yMMMEd"  # Mon, Aug 26, 2030 · 2030年8月26日(月) · 2030년 8월 26일 (월)
SHORT_DAY = "MMMEd"  # Mon, Aug 26 · 8月26日(月) · 8월 26일 (월): within an expo the year goes without saying
CLOCK = "Hm"  # 24-hour hours and minutes, as an expo's timetable is printed


def _moment(value, zone):
    """A date stays a date; an aware datetime is read on the clock of `zone` (a name, a
    tzinfo, or None for the active time zone, which {% timezone %} sets)."""
    if isinstance(value, str):
        value = dt.date.fromisoformat(value)
    if isinstance(value, dt.datetime):
        tz = zoneinfo.ZoneInfo(zone) if isinstance(zone, str) else zone
        if tz is None:
            from django.utils import timezone

            tz = timezone.get_current_timezone()
        if value.tzinfo is not None:
            value = value.astimezone(tz)
    return value


def format_day(value, skeleton: str = DAY, language: str | None = None, *, zone=None) -> str:
    """A date in the reader's language from CLDR's pattern for the skeleton ("MMMEd",
    "yMMMEd", "yMMMd", ...): "Mon, Aug 26", "8月26日(月)", "8月26日周一", "8월 26일 (월)",
    "пн, 26 авг.". Never put a date together from weekday, day and month names: the order,
    the particles (日, 월) and the punctuation belong to each language."""
    if value is None or value == "":
        return ""
    moment = _moment(value, zone)
    if isinstance(moment, dt.datetime):
        moment = moment.replace(tzinfo=None)  # already on the right clock
    return format_skeleton(skeleton, moment, locale=babel_locale(language))


def format_clock(value, language: str | None = None, *, zone=None) -> str:
    """The time of day of an aware datetime on the clock of `zone` (24-hour, CLDR's "Hm")."""
    if value is None or value == "":
        return ""
    moment = _moment(value, zone)
    if isinstance(moment, dt.datetime):
        moment = moment.replace(tzinfo=None)
    return format_skeleton(CLOCK, moment, locale=babel_locale(language))


def format_moment(value, skeleton: str = DAY, language: str | None = None, *, zone=None) -> str:
    """A date and a time of day joined by the language's own CLDR date-time pattern
    ("Mon, Aug 26, 2030, 10:00", "2030年8月26日(月) 10:00")."""
    if value is None or value == "":
        return ""
    locale = babel_locale(language)
    pattern = get_datetime_format("medium", locale=locale)
    return pattern.replace("{1}", format_day(value, skeleton, language, zone=zone)).replace(
        "{0}", format_clock(value, language, zone=zone)
    )


def format_span(starts, ends, skeleton: str = SHORT_DAY, language: str | None = None, *, zone=None) -> str:
    """A meeting's or session's day and hours, "Mon, Aug 26, 10:00–10:20": the day from
    CLDR's pattern for the skeleton, joined to the hours by the language's date-time
    pattern. The hours are two 24-hour clock times, as the expo's timetable prints them."""
    if starts is None:
        return ""
    hours = format_clock(starts, language, zone=zone)
    if ends is not None:
        hours = f"{hours}–{format_clock(ends, language, zone=zone)}"
    pattern = get_datetime_format("medium", locale=babel_locale(language))
    return pattern.replace("{1}", format_day(starts, skeleton, language, zone=zone)).replace("{0}", hours)


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
