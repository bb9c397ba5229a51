"""The one way business actions record themselves in the audit log."""

from django.db import models

from tradefair.common.models import AuditEntry

# Relations through which an object belongs to an expo, tried in this order.
_EXPO_PATHS = ("expo", "hall", "exhibitor", "participant", "round", "event", "session", "deal", "slot")


def expo_of(obj, depth: int = 3):
    """The expo an object belongs to, so that each expo's organisers see their own log."""
    if obj is None or depth == 0:
        return None
    if obj._meta.label_lower == "expos.expo":
        return obj
    for name in _EXPO_PATHS:
        if hasattr(obj, f"{name}_id") and getattr(obj, f"{name}_id") is not None:
            return expo_of(getattr(obj, name), depth - 1)
    return None


def log_action(
    obj: models.Model, action: str, *, actor=None, data: dict | None = None, expo=None
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        expo=expo or expo_of(obj),
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )
