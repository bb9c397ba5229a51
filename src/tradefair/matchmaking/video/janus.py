"""The Janus WebRTC server with its videoroom plugin (Debian's ``janus`` package).

The platform holds two secrets Janus shares: ``token_auth_secret``, with which it signs a
token for each seat (valid until the slot ends, for the videoroom plugin only), and the
videoroom's ``admin_key``, without which nobody creates a room. Each meeting's room is
created on first use with a pin derived from the site's key for that meeting alone: the
page of one meeting never learns what opens another's."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import json
import logging
import secrets
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings

from tradefair.matchmaking.video.base import RoomSeat, VideoProvider, VideoUnavailable, room_secret
from tradefair.matchmaking.video.turn import ice_servers

logger = logging.getLogger(__name__)

PLUGIN = "janus.plugin.videoroom"
ROOM_EXISTS = 427
# The two parties, an interpreter and an organiser who helps.
PUBLISHERS = 4


def signed_token(secret: str, expires: int, plugins=(PLUGIN,)) -> str:
    """Janus's signed token: ``<expiry>,janus,<plugin>...:<base64 HMAC-SHA1>``."""
    data = ",".join([str(expires), "janus", *plugins])
    signature = base64.b64encode(hmac.new(secret.encode(), data.encode(), hashlib.sha1).digest()).decode()
    return f"{data}:{signature}"


class JanusProvider(VideoProvider):
    name = "janus"

    def __init__(self, *, url: str, public_url: str, token_secret: str, admin_key: str, timeout: float = 5):
        self.url = url.rstrip("/")
        self.public_url = (public_url or url).rstrip("/")
        self.token_secret = token_secret
        self.admin_key = admin_key
        self.timeout = timeout

    @classmethod
    def from_settings(cls) -> JanusProvider:
        return cls(
            url=settings.JANUS_URL,
            public_url=settings.JANUS_PUBLIC_URL,
            token_secret=settings.JANUS_TOKEN_SECRET,
            admin_key=settings.JANUS_ADMIN_KEY,
        )

    def origins(self) -> list[str]:
        parts = urllib.parse.urlsplit(self.public_url)
        if not parts.netloc:
            return []
        socket = "wss" if parts.scheme == "https" else "ws"
        return [f"{parts.scheme}://{parts.netloc}", f"{socket}://{parts.netloc}"]

    # The Janus HTTP API, as the platform uses it: one short session per room creation.
    def _call(self, path: str, body: dict, *, token: str) -> dict:
        body = {**body, "transaction": secrets.token_hex(8), "token": token}
        request = urllib.request.Request(
            self.url + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (configured URL)
                answer = json.loads(response.read())
        except (urllib.error.URLError, OSError, ValueError) as error:
            logger.warning("Janus at %s did not answer: %s", self.url, error)
            raise VideoUnavailable(str(error)) from error
        if answer.get("janus") == "error":
            logger.warning("Janus refused %s: %s", body.get("janus"), answer.get("error"))
            raise VideoUnavailable(str(answer.get("error")))
        return answer

    def ensure_room(self, room: int, *, pin: str, secret: str, expires: int) -> None:
        token = signed_token(self.token_secret, expires)
        session = self._call("", {"janus": "create"}, token=token)["data"]["id"]
        try:
            handle = self._call(f"/{session}", {"janus": "attach", "plugin": PLUGIN}, token=token)["data"][
                "id"
            ]
            answer = self._call(
                f"/{session}/{handle}",
                {
                    "janus": "message",
                    "body": {
                        "request": "create",
                        "room": room,
                        "admin_key": self.admin_key,
                        "pin": pin,
                        "secret": secret,
                        "publishers": PUBLISHERS,
                        "is_private": True,
                        "permanent": False,
                        "description": f"meeting {room}",
                        "audiolevel_event": False,
                    },
                },
                token=token,
            )
            data = answer.get("plugindata", {}).get("data", {})
            if data.get("error_code") not in (None, ROOM_EXISTS):
                logger.warning("Janus did not create room %s: %s", room, data.get("error"))
                raise VideoUnavailable(str(data.get("error")))
        finally:
            with contextlib.suppress(VideoUnavailable):
                self._call(f"/{session}", {"janus": "destroy"}, token=token)

    def seat(self, *, meeting_id, person_id, display, kind, moderator, opens_at, expires_at) -> RoomSeat:
        expires = int(expires_at.timestamp())
        pin = room_secret(meeting_id, "janus-pin")
        self.ensure_room(meeting_id, pin=pin, secret=room_secret(meeting_id, "janus-secret"), expires=expires)
        return RoomSeat(
            provider=self.name,
            room=str(meeting_id),
            display=display,
            expires_at=expires_at,
            client={
                "server": self.public_url,
                "token": signed_token(self.token_secret, expires),
                "room": meeting_id,
                "pin": pin,
                # The room pages place each feed by its seat: "party:Name (Company)".
                "display": f"{kind}:{display}",
                "iceServers": ice_servers(person_id),
            },
        )
