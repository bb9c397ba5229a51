"""When the database is away: a health check for the load balancer, and a translated
"temporarily unavailable" answer instead of a server error.

A PostgreSQL restart or fail-over takes seconds to a minute. During it every request
that needs the database fails with a connection error; users then get a 503 with a
translated page (or ``{"detail": ...}`` from the API), Retry-After set, never a
traceback, and the scanner page keeps its scans and re-sends them. Django re-opens
connections by itself once the database answers (CONN_HEALTH_CHECKS)."""

import sys

from django.db import DatabaseError, InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import never_cache

RETRY_AFTER_SECONDS = 10
_UNREACHABLE = (OperationalError, InterfaceError)


def _wants_json(request) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


def unavailable(request) -> HttpResponse:
    message = _("The platform is briefly unavailable. Please try again in a minute.")
    if _wants_json(request):
        response = JsonResponse({"detail": message}, status=503)
    else:
        body = loader.get_template("503.html").render({"message": message})
        response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request, template_name: str = "500.html") -> HttpResponse:
    """handler500: a lost database is a 503 the user may retry, any other error a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, _UNREACHABLE):
        return unavailable(request)
    return defaults.server_error(request, template_name)


@never_cache
def healthz(request) -> HttpResponse:
    """For the load balancer and monitoring: 200 when this node can reach the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return unavailable(request)
    return HttpResponse("ok\n", content_type="text/plain")
