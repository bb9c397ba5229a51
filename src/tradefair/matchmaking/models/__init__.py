from tradefair.matchmaking.models.meetings import Meeting, MeetingStatus
from tradefair.matchmaking.models.notifications import Notification
from tradefair.matchmaking.models.recommendations import Recommendation
from tradefair.matchmaking.models.requests import OPEN_STATUSES, MeetingRequest, RequestStatus
from tradefair.matchmaking.models.rooms import RoomSeatKind, RoomVisit
from tradefair.matchmaking.models.rounds import Round, RoundStatus, Slot
from tradefair.matchmaking.models.settings import (
    Mark,
    MarkKind,
    MatchmakingSettings,
    MatchPreferences,
    MeetingMode,
)

__all__ = [
    "OPEN_STATUSES",
    "Mark",
    "MarkKind",
    "MatchPreferences",
    "MatchmakingSettings",
    "Meeting",
    "MeetingMode",
    "MeetingRequest",
    "MeetingStatus",
    "Notification",
    "Recommendation",
    "RequestStatus",
    "RoomSeatKind",
    "RoomVisit",
    "Round",
    "RoundStatus",
    "Slot",
]
