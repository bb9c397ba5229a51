from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Block(models.Model):
    """One person no longer hears from another: neither may write to the other again."""

    blocker = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    blocked = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="no_blocking_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"


class ReportStatus(models.TextChoices):
    OPEN = "open", _("Waiting for review")
    DISMISSED = "dismissed", _("Dismissed")
    REMOVED = "removed", _("Message removed")


class Report(models.Model):
    """A message someone reported to the organisers, waiting in their queue."""

    message = models.ForeignKey("conversations.Message", on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(fields=["message", "reporter"], name="report_once_per_message")
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"report {self.pk} of message {self.message_id}"
