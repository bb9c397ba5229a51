from django import template

from tradefair.expos.permissions import sees_as_organiser

register = template.Library()


@register.simple_tag(takes_context=True)
def is_organiser(context, expo) -> bool:
    """Whether the reader is one of the expo's organisers (any level, or platform staff):
    the team and settings links are shown only to those who may open them."""
    request = context.get("request")
    return sees_as_organiser(getattr(request, "user", None), expo)
