from tradefair.conversations.models.attachment import Attachment
from tradefair.conversations.models.conversation import Conversation, ConversationRequest, Message, ReadMarker
from tradefair.conversations.models.safety import Block, Report, ReportStatus
from tradefair.conversations.models.settings import ConversationSettings, WritePolicy
from tradefair.conversations.models.webhooks import (
    DeliveryStatus,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookSettings,
)

__all__ = [
    "Attachment",
    "Block",
    "Conversation",
    "ConversationRequest",
    "ConversationSettings",
    "DeliveryStatus",
    "Message",
    "ReadMarker",
    "Report",
    "ReportStatus",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEvent",
    "WebhookSettings",
    "WritePolicy",
]
