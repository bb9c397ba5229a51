from tradefair.common.errors import DomainError, Forbidden, NotFound


class ExpoSetupError(DomainError):
    """Settings or an organiser change that cannot be made as given (400)."""


class ExpoSetupForbidden(Forbidden):
    """Only the expo's administrators set it up (403)."""


class OrganiserNotFound(NotFound):
    """No such organiser row in this expo (404)."""
