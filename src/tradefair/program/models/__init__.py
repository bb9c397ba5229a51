from tradefair.program.models.events import Event, EventKind, Session
from tradefair.program.models.people import SessionSignup, SignupStatus, Speaker

__all__ = ["Event", "EventKind", "Session", "SessionSignup", "SignupStatus", "Speaker"]
