from tradefair.common.errors import DomainError


class ProgramError(DomainError):
    pass


class ProgramForbidden(ProgramError):
    """The participant may not do this, e.g. before the registration is approved (403)."""

    status = 403
