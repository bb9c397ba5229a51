"""The address of the client a request comes from, for rate limits and login throttling.

Behind a reverse proxy every request arrives from the proxy's address, so counting per
``REMOTE_ADDR`` puts every visitor in one bucket (issue #19). The proxy says whom it
served in ``X-Forwarded-For``, but anybody can send that header: it is read only when
the request comes from an address listed in ``TRADEFAIR_TRUSTED_PROXIES``, and then from
the right, skipping the trusted proxies, so that what the client wrote itself at the
left is never believed."""

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request) -> str:
    """The client's address: ``REMOTE_ADDR``, or the right-most address in
    ``X-Forwarded-For`` that is not a trusted proxy when ``REMOTE_ADDR`` is one."""
    remote = _parse(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return request.META.get("REMOTE_ADDR", "") or "0.0.0.0"  # noqa: S104 (a key, not a bind)
    trusted = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    if not _is_trusted(remote, trusted):
        return str(remote)
    nearest = remote
    for entry in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        hop = _parse(entry)
        if hop is None:
            # Not an address: nothing a trusted proxy writes, so what is left of it
            # came from the client; the nearest trusted hop is all that is known.
            break
        if not _is_trusted(hop, trusted):
            return str(hop)
        nearest = hop
    return str(nearest)


def axes_client_address(request) -> str:
    """django-axes asks with the request (``AXES_CLIENT_IP_CALLABLE``)."""
    return client_address(request)


@lru_cache(maxsize=8)
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """``TRADEFAIR_TRUSTED_PROXIES``: addresses or networks ("10.0.0.5", "10.0.0.0/24")."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError as error:
            raise ImproperlyConfigured(
                f"TRADEFAIR_TRUSTED_PROXIES: {entry!r} is not an address or a network"
            ) from error
    return tuple(networks)


def _is_trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in networks)


def _parse(text: str):
    """An address from a header entry; IPv6 may come in brackets, and with a port."""
    text = text.strip()
    if text.startswith("["):
        text = text[1:].split("]", 1)[0]
    elif text.count(":") == 1:
        text = text.split(":", 1)[0]  # IPv4 with a port
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    mapped = getattr(address, "ipv4_mapped", None)
    return mapped or address
