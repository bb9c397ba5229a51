from tradefair.common.errors import DomainError


class DealError(DomainError):
    """A deal that cannot be recorded as given; the code is stable, the message translated."""


class DealPermissionDenied(DomainError):
    status = 403
