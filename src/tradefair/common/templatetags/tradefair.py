import datetime as dt

from django import template
from django.conf import settings
from django.utils.http import urlencode

from tradefair.common.formatting import (
    DAY,
    format_clock,
    format_day,
    format_moment,
    format_money,
    format_number,
    format_span,
    format_time_zone,
    native_language_name,
)
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
def money(amount, currency: str) -> str:
    """An amount in the viewer's locale (Babel, CLDR): "US$1,000,000.00", "1 000 000,00 $";
    a dash when there is none."""
    if amount is None or amount == "":
        return "—"
    return format_money(amount, currency)


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


# Dates and times from CLDR in the active language, on the active time zone's clock (wrap
# the page in {% timezone expo.time_zone %}). Never assemble a date with |date:"D j M".


@register.filter
def cldr_day(value, skeleton: str = DAY) -> str:
    """{{ starts_at|cldr_day }}: "Mon, Aug 26, 2030"; {{ starts_at|cldr_day:"MMMEd" }}: "Mon, Aug 26"."""
    return format_day(value, skeleton)


@register.filter
def cldr_clock(value) -> str:
    return format_clock(value)


@register.filter
def cldr_moment(value, skeleton: str = DAY) -> str:
    """A date with its time of day: "Mon, Aug 26, 2030, 10:00"."""
    return format_moment(value, skeleton)


@register.simple_tag
def cldr_span(starts, ends, skeleton: str = "MMMEd") -> str:
    """{% cldr_span slot.starts_at slot.ends_at %}: "Mon, Aug 26, 10:00–10:20"."""
    return format_span(starts, ends, skeleton)


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
