from tradefair.common.errors import DomainError


class Forbidden(DomainError):
    status = 403
