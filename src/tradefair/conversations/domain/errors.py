from tradefair.common.errors import DomainError


class ConversationError(DomainError):
    """A conversation action refused, with a stable code and a translated message."""


class ConversationForbidden(ConversationError):
    status = 403


class ConversationNotFound(ConversationError):
    """No such conversation among the caller's own (404, so nobody learns which exist)."""

    status = 404
