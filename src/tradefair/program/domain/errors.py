from tradefair.common.errors import DomainError


class ProgramError(DomainError):
    pass
