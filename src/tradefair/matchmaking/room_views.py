"""The pages of online meetings' video rooms: a room (for its two parties and the
organisers, in its window), and the organisers' "rooms in use now". The rules are in
matchmaking.domain.rooms; a refusal is a 403 page that says why, in the reader's language."""

from __future__ import annotations

import zoneinfo

import rules
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse

from tradefair.common.content_security import DIRECTIVES, policy
from tradefair.common.formatting import format_clock, format_time_zone, language_name
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.matchmaking.domain import rooms as room_actions
from tradefair.matchmaking.domain.errors import MatchmakingForbidden
from tradefair.matchmaking.domain.profile import own_zone
from tradefair.matchmaking.video import provider

PAGE_SIZE = 50


def _refused(request, expo, error, status: int = 403):
    return render(
        request,
        "matchmaking/room/refused.html",
        {
            "expo": expo,
            "code": error.code,
            "message": error.message,
            "back": reverse("matchmaking:agenda", kwargs={"slug": expo.slug}),
        },
        status=status,
    )


def room_policy() -> str:
    """The site's CSP, plus the media server the room page talks to (and Jitsi's script
    and frame, when Jitsi is the provider)."""
    origins = provider().origins()
    directives = {name: list(sources) for name, sources in DIRECTIVES.items()}
    directives["connect-src"] += origins
    if settings.VIDEO_PROVIDER == "jitsi":
        directives["script-src"] += origins
        directives["frame-src"] = ["'self'", *origins]
    return policy(directives)


@login_required
def room(request, slug: str, pk: int):
    expo = get_visible_expo(slug, request.user)
    try:
        entry = room_actions.enter_room(request.user, expo, pk, seat=request.GET.get("seat", ""))
        seat = room_actions.seat_for(entry, request.user)
    except room_actions.RoomRefused as error:
        return _refused(request, expo, error)
    except room_actions.RoomUnavailable as error:
        return _refused(request, expo, error, status=503)
    mine = own_zone(entry.participant) if entry.participant is not None else None
    context = {
        "expo": expo,
        "entry": entry,
        "meeting": entry.meeting,
        "counterpart": entry.counterpart,
        "seat": seat,
        "seat_client": {**seat.client, "provider": seat.provider},
        "heartbeat": settings.ROOM_HEARTBEAT_SECONDS,
        "presence_url": reverse("api-v1:room_presence", kwargs={"slug": slug, "meeting_id": pk}),
        "back": reverse("matchmaking:agenda", kwargs={"slug": slug})
        if entry.participant is not None
        else reverse("matchmaking:rooms_in_use", kwargs={"slug": slug}),
        "interpretation_language": language_name(entry.interpretation) if entry.interpretation else "",
        "own_zone": mine,
    }
    if mine:
        zone = zoneinfo.ZoneInfo(mine)
        context |= {
            "own_starts": format_clock(entry.starts_at, zone=zone),
            "own_ends": format_clock(entry.ends_at, zone=zone),
            "own_zone_label": format_time_zone(mine, at=entry.starts_at),
        }
    response = render(request, "matchmaking/room/room.html", context)
    response["Content-Security-Policy"] = room_policy()
    # A seat is personal and short-lived: never kept by a cache or the back button.
    response["Cache-Control"] = "no-store"
    return response


@login_required
def rooms_in_use(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    try:
        meetings = room_actions.rooms_in_use(expo, request.user)
    except MatchmakingForbidden as error:
        raise PermissionDenied(error.message) from None
    page = Paginator(meetings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "matchmaking/room/in_use.html",
        {
            "expo": expo,
            "page": page,
            "may_enter": rules.has_perm("expos.operate", request.user, expo),
        },
    )
