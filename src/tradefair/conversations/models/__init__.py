from tradefair.conversations.models.attachment import Attachment
from tradefair.conversations.models.conversation import Conversation, ConversationRequest, Message, ReadMarker
from tradefair.conversations.models.safety import Block, Report, ReportStatus
from tradefair.conversations.models.settings import ConversationSettings, WritePolicy

__all__ = [
    "Attachment",
    "Block",
    "Conversation",
    "ConversationRequest",
    "ConversationSettings",
    "Message",
    "ReadMarker",
    "Report",
    "ReportStatus",
    "WritePolicy",
]
