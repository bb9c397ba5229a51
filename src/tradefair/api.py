"""The ``/api/v1/`` root: one NinjaAPI that gathers each app's router."""

import importlib
import importlib.util

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from tradefair.common.api_support import JsonOnlyParser
from tradefair.common.errors import DomainError

ROUTED_APPS = [
    "expos",
    "catalog",
    "people",
    "program",
    "matchmaking",
    "deals",
    "onsite",
    "reports",
    "news",
    "conversations",
    "commerce",
]

# What every refusal looks like, and the statuses an operation may refuse with: bad input
# (400, or 422 where a domain rule says so), no or a bad key (401), not allowed (403),
# not found or not visible (404), a conflict with the current state (409), a body that
# is not JSON (415), too many attempts (429).
ERROR_STATUSES = {
    400: "Bad input: the message says which field and why",
    401: "Authentication required: send a valid API key",
    403: "Not allowed for this caller (or a session without its CSRF token)",
    404: "Not found, or not visible to this caller",
    409: "In conflict with the current state",
    415: "The body is not JSON",
    422: "Refused by a rule of the expo",
    429: "Too many attempts in a short time",
}
ERROR_SCHEMA = {
    "title": "ErrorOut",
    "type": "object",
    "properties": {
        "detail": {"type": "string", "description": "what was wrong, in the reader's language"},
        "code": {"type": "string", "description": "a stable code for programs"},
    },
    "required": ["detail"],
}


class TradefairAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document, with the refusals every operation may answer declared on each (an
        operation's own declaration of a status wins)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        schema.setdefault("components", {}).setdefault("schemas", {})["ErrorOut"] = ERROR_SCHEMA
        error = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_STATUSES.items():
                    if status not in responses and str(status) not in responses:
                        responses[status] = {"description": description, "content": error}
        return schema


api = TradefairAPI(
    title="Tradefair API",
    version="1",
    description="Expos, pavilions, exhibitors and organisations of a multilateral trade and investment expo.",
    urls_namespace="api-v1",
    parser=JsonOnlyParser(),
)


def _describe(error: dict) -> str:
    where = ".".join(str(part) for part in error.get("loc", ())[1:]) or "request"
    return f"{where}: {error.get('msg', 'invalid value')}"


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    """Spec errors are one message, not pydantic's list; a wrong parameter is a 400."""
    return api.create_response(request, {"detail": "; ".join(_describe(e) for e in exc.errors)}, status=400)


@api.exception_handler(AuthenticationError)
def authentication_error(request, exc):
    return api.create_response(
        request, {"detail": _("Authentication required: send a valid API token.")}, status=401
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


@api.exception_handler(DomainError)
def domain_error(request, exc: DomainError):
    return api.create_response(request, {"detail": exc.message, "code": exc.code}, status=exc.status)


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    # Ninja wraps whatever the body parser raises in a 400; a refusal of the parser's own
    # (a body that is not JSON: 415) keeps its status.
    if isinstance(exc.__cause__, DomainError):
        return domain_error(request, exc.__cause__)
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


# Each app that has an ``api.py`` with a ``router`` serves it under /api/v1/.
for _app in ROUTED_APPS:
    if importlib.util.find_spec(f"tradefair.{_app}.api") is not None:
        api.add_router("/", importlib.import_module(f"tradefair.{_app}.api").router)
