"""Where a webhook may point, and the one way a delivery reaches it.

A webhook makes the server open a connection to an address an organiser typed, so an
address inside the server's own network (the database, a metadata service at
169.254.169.254, an admin port on loopback) must not be reachable through it: that is
server-side request forgery. Every address a name resolves to is checked, at
registration and again at each delivery (a name may resolve elsewhere later), and the
connection goes to the very address that was checked, never to a second lookup.
Redirects are not followed. Only an expo whose settings allow private targets, a flag
its administrators set and the audit log records, may point at such addresses, and may
then use plain HTTP too."""

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from tradefair.conversations.domain.errors import ConversationError

MAX_URL = 2000
CONNECT_TIMEOUT = 3.0
READ_TIMEOUT = 5.0
MAX_RESPONSE_READ = 4096

NAT64 = ipaddress.ip_network("64:ff9b::/96")


class TargetRefused(ConversationError):
    """The address may not be reached from the server."""


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str  # as sent in Host and SNI (IDNA-encoded)
    port: int
    path: str  # with the query


def parse_target(url: str, *, allow_private: bool) -> Target:
    """The URL's parts, or a refusal saying what is wrong with it."""
    url = (url or "").strip()
    if not url:
        raise TargetRefused("webhook_url", _("Enter the address of your receiver."))
    if len(url) > MAX_URL:
        raise TargetRefused("webhook_url", _("The address is longer than 2000 characters."))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise TargetRefused("webhook_url", _("This is not a valid web address.")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("https", "http"):
        raise TargetRefused("webhook_url", _("The address must start with https://."))
    if scheme == "http" and not allow_private:
        raise TargetRefused(
            "webhook_https",
            _("Webhooks are sent over HTTPS only: the address must start with https://."),
        )
    if parts.username is not None or parts.password is not None:
        raise TargetRefused(
            "webhook_url", _("Leave user names and passwords out of the address; deliveries are signed.")
        )
    host = (parts.hostname or "").rstrip(".")
    if not host:
        raise TargetRefused("webhook_url", _("The address has no host name."))
    if parts.fragment:
        raise TargetRefused("webhook_url", _("The address may not contain a # fragment."))
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise TargetRefused("webhook_url", _("The host name is not valid.")) from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    if any(ord(ch) < 33 or ord(ch) == 127 for ch in path):
        raise TargetRefused("webhook_url", _("The address contains spaces or control characters."))
    return Target(scheme=scheme, host=host, port=port or (443 if scheme == "https" else 80), path=path)


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def is_public(address: str) -> bool:
    """True for an address of the public internet: not loopback, private, link-local,
    shared (carrier NAT), multicast, reserved or unspecified, also when an IPv4 address
    hides inside an IPv6 one (mapped, 6to4, NAT64)."""
    ip = ipaddress.ip_address(address.split("%")[0])
    if ip.is_multicast or not ip.is_global:
        return False
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            return is_public(str(inner))
    return True


def resolve(target: Target, *, allow_private: bool) -> list[str]:
    """Every address the host resolves to, each checked; one refused refuses all (a name
    with one private address among public ones is how rebinding tricks begin)."""
    try:
        infos = socket.getaddrinfo(target.host, target.port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError):
        raise TargetRefused(
            "webhook_unresolved", _("The host name %(host)s cannot be found.") % {"host": target.host}
        ) from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if not addresses:
        raise TargetRefused(
            "webhook_unresolved", _("The host name %(host)s cannot be found.") % {"host": target.host}
        )
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise TargetRefused(
                    "webhook_private_address",
                    _(
                        "%(host)s leads to %(address)s, an address of a private, loopback or reserved "
                        "network, which webhooks may not reach. An expo administrator can allow "
                        "private targets in the webhook settings."
                    )
                    % {"host": target.host, "address": address},
                )
    return addresses


def check_url(url: str, *, allow_private: bool) -> Target:
    target = parse_target(url, allow_private=allow_private)
    resolve(target, allow_private=allow_private)
    return target


class _PinnedConnection(http.client.HTTPSConnection):
    """HTTP(S) to one checked address, with the host name kept for Host, SNI and the
    certificate check."""

    def __init__(self, target: Target, address: str, *, tls: bool):
        context = ssl.create_default_context() if tls else None
        super().__init__(target.host, target.port, timeout=READ_TIMEOUT, context=context)
        self._address = address
        self._tls = tls

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), timeout=CONNECT_TIMEOUT)
        sock.settimeout(READ_TIMEOUT)
        if self._tls:
            sock = self._context.wrap_socket(sock, server_hostname=self.host)
        self.sock = sock


@dataclass(frozen=True)
class Response:
    status: int


class DeliveryFailed(Exception):
    """No HTTP answer: the message says why, for the delivery list (in English, as logs)."""


def post(url: str, body: bytes, headers: dict, *, allow_private: bool) -> Response:
    """POST the body once to the checked address; no redirect is followed."""
    try:
        target = parse_target(url, allow_private=allow_private)
        addresses = resolve(target, allow_private=allow_private)
    except TargetRefused as refusal:
        raise DeliveryFailed(refusal.message) from None
    last_error = None
    for address in addresses[:2]:
        connection = _PinnedConnection(target, address, tls=target.scheme == "https")
        try:
            connection.request("POST", target.path, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read(MAX_RESPONSE_READ)
            return Response(status=answer.status)
        except ssl.SSLError as error:
            raise DeliveryFailed(f"TLS error: {error.reason or error}") from None
        except TimeoutError:
            last_error = "timed out"
        except (OSError, http.client.HTTPException) as error:
            last_error = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
    raise DeliveryFailed(f"connection failed ({last_error})"[:300])
