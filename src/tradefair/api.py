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

api = NinjaAPI(
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
