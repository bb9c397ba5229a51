from django import template
from django.utils.translation import get_language_info

from tradefair.common.permissions import participant_of
from tradefair.conversations.domain.messaging import unread_count

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
    """A language code as its own name ("русский", "中文"), or the code when unknown."""
    if not code:
        return ""
    try:
        return get_language_info(code)["name_local"]
    except KeyError:
        return code
