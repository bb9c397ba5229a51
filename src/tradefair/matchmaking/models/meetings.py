from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class MeetingStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed")
    CANCELLED = "cancelled", _("Cancelled")
    HELD = "held", _("Held")
    NO_SHOW = "no_show", _("No-show")


class Meeting(models.Model):
    round = models.ForeignKey("matchmaking.Round", on_delete=models.CASCADE, related_name="meetings")
    requester = models.ForeignKey("people.Participant", on_delete=models.PROTECT, related_name="+")
    counterpart = models.ForeignKey("people.Participant", on_delete=models.PROTECT, related_name="+")
    slot = models.ForeignKey("matchmaking.Slot", on_delete=models.PROTECT, related_name="meetings")
    table = models.PositiveSmallIntegerField(_("table"))
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.CONFIRMED
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Kept in place when the round is re-run.")
    )
    weight = models.FloatField(_("value"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["slot__starts_at", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            # The database, not only Python, guarantees that a table holds one meeting per slot.
            models.UniqueConstraint(
                fields=["slot", "table"],
                condition=~Q(status="cancelled"),
                name="one_meeting_per_table_and_slot",
            ),
            models.CheckConstraint(condition=~Q(requester=F("counterpart")), name="no_meeting_with_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.requester} – {self.counterpart} @ {self.slot}"
