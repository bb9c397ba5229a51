"""TURN credentials for participants behind NAT, in coturn's REST API scheme
(``use-auth-secret``): the user name is the expiry time and a label, the password its
HMAC-SHA1 under the secret coturn shares with the platform. Nothing is stored; a
credential stops working on its own when it expires."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from django.conf import settings


def credentials(label: str, *, now: float | None = None) -> dict | None:
    """An ``RTCIceServer`` for the configured TURN servers, or None without them."""
    if not (settings.TURN_URLS and settings.TURN_SECRET):
        return None
    expires = int((now if now is not None else time.time()) + settings.TURN_TTL_SECONDS)
    username = f"{expires}:{label}"
    digest = hmac.new(settings.TURN_SECRET.encode(), username.encode(), hashlib.sha1).digest()
    return {
        "urls": list(settings.TURN_URLS),
        "username": username,
        "credential": base64.b64encode(digest).decode(),
    }


def ice_servers(label: str) -> list[dict]:
    servers = [{"urls": list(settings.STUN_URLS)}] if settings.STUN_URLS else []
    turn = credentials(label)
    if turn:
        servers.append(turn)
    return servers
