"""Jitsi Meet, for organisers who run their own: configured by settings only
(``TRADEFAIR_VIDEO_PROVIDER=jitsi``, the domain, the app id and secret that Prosody's
token authentication shares). Each seat is a JWT (HS256) for one room, valid from the
room's opening until the slot ends; organisers get the moderator flag."""

from __future__ import annotations

import jwt
from django.conf import settings

from tradefair.matchmaking.video.base import RoomSeat, VideoProvider, room_secret


class JitsiProvider(VideoProvider):
    name = "jitsi"

    def __init__(self, *, domain: str, app_id: str, app_secret: str):
        self.domain = domain
        self.app_id = app_id
        self.app_secret = app_secret

    @classmethod
    def from_settings(cls) -> JitsiProvider:
        return cls(
            domain=settings.JITSI_DOMAIN, app_id=settings.JITSI_APP_ID, app_secret=settings.JITSI_APP_SECRET
        )

    def origins(self) -> list[str]:
        return [f"https://{self.domain}"] if self.domain else []

    def room_name(self, meeting_id: int) -> str:
        # Not guessable from the meeting's number: a Jitsi room name is its address.
        return f"tradefair-{meeting_id}-{room_secret(meeting_id, 'jitsi-room')[:16]}"

    def token(self, *, room: str, person_id: str, display: str, moderator: bool, opens_at, expires_at) -> str:
        claims = {
            "aud": "jitsi",
            "iss": self.app_id,
            "sub": self.domain,
            "room": room,
            "nbf": int(opens_at.timestamp()),
            "exp": int(expires_at.timestamp()),
            "context": {"user": {"id": person_id, "name": display, "moderator": moderator}},
            "moderator": moderator,
        }
        return jwt.encode(claims, self.app_secret, algorithm="HS256")

    def seat(self, *, meeting_id, person_id, display, kind, moderator, opens_at, expires_at) -> RoomSeat:
        room = self.room_name(meeting_id)
        return RoomSeat(
            provider=self.name,
            room=room,
            display=display,
            expires_at=expires_at,
            client={
                "domain": self.domain,
                "room": room,
                "jwt": self.token(
                    room=room,
                    person_id=person_id,
                    display=display,
                    moderator=moderator,
                    opens_at=opens_at,
                    expires_at=expires_at,
                ),
            },
        )
