"""Matchmaking pages. Each view parses, checks who is asking, calls one domain function
and renders; the API (matchmaking.api) calls the same functions. One module per concept:
participants (home, requests, profile), agenda (meetings), rounds (organisers)."""

from tradefair.matchmaking.views.agenda import agenda, agenda_ical, meeting_action
from tradefair.matchmaking.views.participants import (
    home,
    mark,
    notifications,
    profile,
    quick_request,
    request_action,
    request_exhibitor_meeting,
    request_participant,
    requests_page,
)
from tradefair.matchmaking.views.rounds import (
    pin,
    round_action,
    round_file,
    round_page,
    rounds,
    settings_page,
)

__all__ = [
    "agenda",
    "agenda_ical",
    "home",
    "mark",
    "meeting_action",
    "notifications",
    "pin",
    "profile",
    "quick_request",
    "request_action",
    "request_exhibitor_meeting",
    "request_participant",
    "requests_page",
    "round_action",
    "round_file",
    "round_page",
    "rounds",
    "settings_page",
]
