from tradefair.common.errors import DomainError


class MatchmakingError(DomainError):
    """A matchmaking action refused, with a stable code and a translated message."""


class MatchmakingForbidden(DomainError):
    status = 403
