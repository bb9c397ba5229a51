"""What every media server gives the platform: a room per online meeting, and for one
person a seat in it: what their browser needs to join that room and no other."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import hmac

from django.conf import settings


class VideoUnavailable(Exception):
    """The media server did not answer or refused the platform (an operator's problem:
    logged in English, shown to people as "the room cannot be opened now")."""


@dataclasses.dataclass(frozen=True)
class RoomSeat:
    """One person's way into one meeting's room, valid until ``expires_at``."""

    provider: str
    room: str
    display: str
    expires_at: dt.datetime
    # Given to the page as JSON: server address, token, pin, ICE servers...
    client: dict


class VideoProvider:
    name = ""

    def seat(
        self,
        *,
        meeting_id: int,
        person_id: str,
        display: str,
        kind: str,
        moderator: bool,
        opens_at,
        expires_at,
    ) -> RoomSeat:
        """Make sure the meeting's room exists and return a seat in it."""
        raise NotImplementedError

    def origins(self) -> list[str]:
        """Origins the room page's scripts connect to or load from (for its CSP)."""
        return []


def room_secret(meeting_id: int, purpose: str) -> str:
    """A per-room secret derived from the site's key: every node derives the same one, and
    knowing one room's secret tells nothing about another's."""
    key = (settings.VIDEO_ROOM_SECRET or settings.SECRET_KEY).encode()
    message = f"tradefair.video.{purpose}:{meeting_id}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]
