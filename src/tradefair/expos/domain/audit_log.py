"""Reading the audit log: what an expo's organisers may see of it."""

from django.core.exceptions import PermissionDenied

from tradefair.common.models import AuditEntry
from tradefair.expos.permissions import sees_as_organiser


def audit_entries(expo, *, viewer, action: str = ""):
    """An expo's organisers of every level read its log; nobody else does."""
    if not sees_as_organiser(viewer, expo):
        raise PermissionDenied
    entries = AuditEntry.objects.filter(expo=expo).select_related("actor").order_by("-created_at", "-id")
    if action:
        entries = entries.filter(action__startswith=action)
    return entries
