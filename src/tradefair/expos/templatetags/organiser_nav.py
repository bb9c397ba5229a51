from django import template
from django.urls import reverse

from tradefair.common.organiser_pages import pages_for
from tradefair.expos.permissions import organiser_level

register = template.Library()


@register.simple_tag(takes_context=True)
def organiser_menu(context, expo) -> list[dict]:
    """The organiser pages of this expo the reader may open, grouped, with the current one
    marked; empty for everyone who is not one of its organisers."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if expo is None or not (user and user.is_authenticated):
        return []
    here = request.path
    menu = []
    for label, pages in pages_for(organiser_level(user, expo)):
        links = []
        for page in pages:
            url = reverse(page.url_name, args=[expo.slug])
            links.append({"url": url, "label": page.label, "current": url == here})
        menu.append({"label": label, "links": links, "current": any(link["current"] for link in links)})
    return menu
