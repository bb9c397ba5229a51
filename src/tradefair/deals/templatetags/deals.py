from django import template

from tradefair.reports.domain.wording import money as format_money

register = template.Library()


@register.filter
def money(value, currency: str) -> str:
    """An amount in the viewer's locale (Babel, CLDR): "US$1,000,000.00", "1 000 000,00 $"."""
    if value is None or value == "":
        return "—"
    return format_money(value, currency)
