"""What conversations achieved at an expo, for the organisers' dashboard."""

import datetime as dt

from django.db.models import DurationField, ExpressionWrapper, F

from tradefair.conversations.models import Conversation, ConversationRequest
from tradefair.matchmaking.models import RequestStatus

ANSWER_WITHIN = dt.timedelta(hours=24)


def conversation_figures(expo) -> dict:
    """Conversations started, answered by the other side within 24 hours of the start,
    and turned into a meeting request that was accepted (a meeting)."""
    conversations = Conversation.objects.filter(expo=expo)
    answered = conversations.filter(answered_at__isnull=False).annotate(
        wait=ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    )
    meetings = (
        ConversationRequest.objects.filter(conversation__expo=expo, request__status=RequestStatus.ACCEPTED)
        .values("conversation")
        .distinct()
        .count()
    )
    return {
        "conversations_started": conversations.count(),
        "conversations_answered_24h": answered.filter(wait__lte=ANSWER_WITHIN).count(),
        "conversations_to_meetings": meetings,
    }
