"""The client's address behind the load balancer.

Behind nginx every request reaches a web node from the balancer's address, so rate limits
"per address" (django-ratelimit's ``user_or_ip``) and django-axes' lock-outs would count
every visitor of the expo as one. With TRADEFAIR_BEHIND_PROXY set, the address the
balancer appended last to ``X-Forwarded-For`` (deploy/nginx/tradefair.conf sets it with
``$proxy_add_x_forwarded_for``) becomes ``REMOTE_ADDR``. Only the last entry is trusted:
whatever a client wrote into the header itself comes before it."""

import ipaddress

from django.conf import settings


def forwarded_client(header: str) -> str | None:
    """The last address of an X-Forwarded-For value, or None when it is not an address."""
    last = header.rsplit(",", 1)[-1].strip()
    try:
        return str(ipaddress.ip_address(last))
    except ValueError:
        return None


class ForwardedClientMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "BEHIND_PROXY", False):
            client = forwarded_client(request.META.get("HTTP_X_FORWARDED_FOR", ""))
            if client:
                request.META["REMOTE_ADDR"] = client
        return self.get_response(request)
