"""Rate limits at the edge, for the actions a spammer or scraper repeats: registering,
asking for meetings. Counts live in the cache (shared through Redis when configured),
per signed-in user or else per address."""

from django.conf import settings
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from tradefair.common.errors import DomainError


class RateLimited(DomainError):
    status = 429


def check_rate(request, action: str) -> None:
    """Count one attempt at ``action`` and refuse it past the rate in
    ``settings.RATE_LIMITS`` (for example "10/h")."""
    if not settings.RATELIMIT_ENABLE:
        return
    if is_ratelimited(
        request,
        group=f"tradefair.{action}",
        key="user_or_ip",
        rate=settings.RATE_LIMITS[action],
        increment=True,
    ):
        raise RateLimited("rate_limited", _("Too many attempts in a short time; please wait and try again."))
