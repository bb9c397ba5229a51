from tradefair.common.errors import DomainError


class MatchmakingError(DomainError):
    """A matchmaking action refused, with a stable code and a translated message."""


class MatchmakingForbidden(DomainError):
    status = 403


class NotYours(MatchmakingError):
    """The request or meeting is the other side's to act on (403)."""

    status = 403


class NotAmongYours(MatchmakingError):
    """No such entry among the caller's own (404)."""

    status = 404
