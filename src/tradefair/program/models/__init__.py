from tradefair.program.models.events import Event, EventKind, Session

__all__ = ["Event", "EventKind", "Session"]
