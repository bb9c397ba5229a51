from django import template
from django.utils.translation import get_language_info

from tradefair.conversations.domain.messaging import unread_count
from tradefair.conversations.domain.results import conversation_figures as figures_of
from tradefair.people.permissions import participant_of

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_messages(context, expo) -> int | None:
    """The signed-in participant's unread messages in the expo, or None for anyone who
    does not take part in conversations (the menu then shows no link)."""
    request = context.get("request")
    if request is None or expo is None:
        return None
    cache = getattr(request, "_unread_messages", {})
    if expo.pk not in cache:
        participant = participant_of(request.user, expo)
        cache[expo.pk] = unread_count(participant) if participant else None
        request._unread_messages = cache
    return cache[expo.pk]


@register.filter
def language_name(code: str) -> str:
    """A language code by its name in the reader's language ("Russian", "俄语"), or
    the code when unknown."""
    if not code:
        return ""
    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code


@register.simple_tag
def conversation_figures(expo) -> dict:
    """What conversations achieved, for the organisers' dashboard."""
    return figures_of(expo)
