"""The one way business actions record themselves in the audit log."""

from django.db import models

from tradefair.common.models import AuditEntry


def log_action(obj: models.Model, action: str, *, actor=None, data: dict | None = None) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data or {},
    )
