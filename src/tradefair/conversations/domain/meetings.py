"""A conversation turned into a meeting request in one click.

The request carries the conversation's context (the last messages, as the requester
saw them) and is linked to the conversation, so each side finds the other. Contact
details stay hidden until a meeting is confirmed, as for every request."""

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from tradefair.conversations.domain.access import display_name, is_starter_side, team_of
from tradefair.conversations.domain.errors import ConversationError
from tradefair.conversations.domain.messaging import check_may_write
from tradefair.conversations.models import ConversationRequest
from tradefair.matchmaking.domain.requests import send_request
from tradefair.people.models import Role

CONTEXT_MESSAGES = 3
MAX_REQUEST_MESSAGE = 2000


def _recipient(conversation, requester):
    if not is_starter_side(conversation, requester):
        return conversation.starter
    if conversation.counterpart_id:
        return conversation.counterpart
    team = team_of(conversation.exhibitor)
    # The colleague who answered last knows the question; else the exhibitor's meeting taker.
    answered = (
        conversation.messages.exclude(sender=requester)
        .filter(sender__in=team)
        .order_by("-id")
        .select_related("sender")
        .first()
    )
    if answered is not None:
        return answered.sender
    found = team.filter(roles__role=Role.EXHIBITOR).first() or team.first()
    if found is None:
        raise ConversationError("empty_team", _("This exhibitor has nobody registered to answer yet."))
    return found


def conversation_context(conversation, *, note: str = "") -> str:
    """The note followed by the conversation's last messages, within a request's length."""
    last = list(
        conversation.messages.filter(hidden_at__isnull=True)
        .select_related("sender")
        .order_by("-id")[:CONTEXT_MESSAGES]
    )
    lines = [
        f"{display_name(message.sender)}: {' '.join(message.body.split())}" for message in reversed(last)
    ]
    note = (note or "").replace("\x00", "").strip()
    parts = [note, _("From our conversation:"), *lines] if lines else [note]
    text = "\n".join(part for part in parts if part)
    return text[: MAX_REQUEST_MESSAGE - 1] + "…" if len(text) > MAX_REQUEST_MESSAGE else text


def request_meeting(conversation, *, by, note: str = "", preferred_start=None):
    """Ask the other side for a meeting with the conversation as its context; the
    matchmaking rules (open requests, limits, refusals) apply as to any request."""
    check_may_write(conversation, by)
    recipient = _recipient(conversation, by)
    with transaction.atomic():
        request = send_request(
            by,
            recipient=recipient,
            message=conversation_context(conversation, note=note),
            preferred_start=preferred_start,
        )
        ConversationRequest.objects.create(conversation=conversation, request=request)
    return request


def conversation_link(request) -> str:
    """The address of the conversation a meeting request came from, or ""."""
    link = ConversationRequest.objects.filter(request=request).select_related("conversation__expo").first()
    if link is None:
        return ""
    return reverse(
        "conversations:thread", kwargs={"slug": link.conversation.expo.slug, "pk": link.conversation_id}
    )
