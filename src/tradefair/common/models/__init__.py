from tradefair.common.models.audit import AuditEntry
from tradefair.common.models.outbox import MailStatus, OutgoingAttachment, OutgoingMail
from tradefair.common.models.preferences import LanguagePreference
from tradefair.common.models.tokens import ApiToken

__all__ = [
    "ApiToken",
    "AuditEntry",
    "LanguagePreference",
    "MailStatus",
    "OutgoingAttachment",
    "OutgoingMail",
]
