"""Domain errors carry a stable code for programs and a translated message for people;
views show the message, the API returns it as ``{"detail": ...}`` with a 4xx status."""


class DomainError(Exception):
    status = 400

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = str(message)


class Forbidden(DomainError):
    """The caller may not do this, whatever they send (403)."""

    status = 403


class NotFound(DomainError):
    status = 404
