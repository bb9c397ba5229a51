from tradefair.common.errors import DomainError, Forbidden, NotFound


class CommerceError(DomainError):
    """A refusal of the exhibitors' side: bad input or a state that does not allow it (400)."""


class CommerceForbidden(Forbidden):
    pass


class CommerceNotFound(NotFound):
    pass
