import datetime as dt

from django import template
from django.conf import settings
from django.utils.http import urlencode

from tradefair.common.formatting import format_money, format_number, format_time_zone, native_language_name
from tradefair.common.i18n import expo_languages, localize
from tradefair.common.regions import country_name

register = template.Library()


@register.filter(name="localize")
def localize_filter(value, expo=None) -> str:
    return localize(value, expo_languages(expo))


@register.filter
def number(value) -> str:
    """A number grouped as the active language writes it (CLDR)."""
    return format_number(value)


@register.filter
def money(amount, currency: str = "CNY") -> str:
    return format_money(amount, currency) if amount is not None else ""


@register.simple_tag
def interface_languages() -> list[dict]:
    """The switcher's choices, each named in its own language."""
    return [{"code": code, "name_local": native_language_name(code)} for code, _name in settings.LANGUAGES]


@register.filter
def zone(expo) -> str:
    """The expo's time zone in the reader's words, for labelling the times on a page."""
    if expo is None:
        return ""
    # The expo's own days decide the offset (summer or winter time), not today's.
    return format_time_zone(expo.time_zone, at=dt.datetime.combine(expo.starts, dt.time(12), tzinfo=expo.tz))


@register.filter
def country(code) -> str:
    return country_name(str(code)) if code else ""


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The current query string with some parameters replaced, for pagination links that
    keep the filters."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return "?" + urlencode(sorted(params.items())) if params else "?"
