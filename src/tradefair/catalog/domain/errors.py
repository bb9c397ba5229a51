from tradefair.common.errors import DomainError


class Forbidden(DomainError):
    status = 403


class Conflict(DomainError):
    """The floor has changed since the caller looked at it (another organiser was quicker):
    nothing was done, and the message says what the booth holds now (409)."""

    status = 409
