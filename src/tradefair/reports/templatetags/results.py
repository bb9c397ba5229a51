from django import template

from tradefair.reports.domain.publication import can_see_results

register = template.Library()


@register.simple_tag(takes_context=True)
def results_visible(context, expo) -> bool:
    """Whether the reader may open the results: a link to a page that answers 404 is a
    dead end for visitors before the organisers publish."""
    request = context.get("request")
    return can_see_results(getattr(request, "user", None), expo)
