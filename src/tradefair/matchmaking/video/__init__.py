"""Video rooms for online meetings, behind a small provider interface (DESIGN.md): the
Janus WebRTC server by default, self-hosted from Debian packages; Jitsi Meet with signed
room tokens for organisers who run Jitsi. ``settings.VIDEO_PROVIDER`` chooses."""

from django.conf import settings

from tradefair.matchmaking.video.base import RoomSeat, VideoProvider, VideoUnavailable


def provider() -> VideoProvider:
    name = settings.VIDEO_PROVIDER
    if name == "jitsi":
        from tradefair.matchmaking.video.jitsi import JitsiProvider

        return JitsiProvider.from_settings()
    from tradefair.matchmaking.video.janus import JanusProvider

    return JanusProvider.from_settings()


__all__ = ["RoomSeat", "VideoProvider", "VideoUnavailable", "provider"]
