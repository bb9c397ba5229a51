from tradefair.matchmaking.models.meetings import Meeting, MeetingStatus
from tradefair.matchmaking.models.rounds import Round, RoundStatus, Slot

__all__ = ["Meeting", "MeetingStatus", "Round", "RoundStatus", "Slot"]
