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
    # A meeting is held at a table in the hall or online in a video room: exactly one is set.
    table = models.PositiveSmallIntegerField(_("table"), null=True, blank=True)
    room = models.PositiveSmallIntegerField(_("online room"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.CONFIRMED
    )
    pinned = models.BooleanField(
        _("pinned"), default=False, help_text=_("Kept in place when the round is re-run.")
    )
    weight = models.FloatField(_("value"), default=0)
    request = models.ForeignKey(
        "matchmaking.MeetingRequest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    follow_up_planned = models.BooleanField(_("follow-up planned"), default=False)
    outcome_note = models.TextField(_("outcome note"), blank=True)
    cancelled_by = models.ForeignKey(
        "people.Participant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
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
            models.UniqueConstraint(
                fields=["slot", "room"],
                condition=~Q(status="cancelled"),
                name="one_meeting_per_room_and_slot",
            ),
            models.CheckConstraint(condition=~Q(requester=F("counterpart")), name="no_meeting_with_oneself"),
            models.CheckConstraint(
                condition=Q(table__isnull=False, room__isnull=True)
                | Q(table__isnull=True, room__isnull=False),
                name="meeting_at_a_table_or_in_a_room",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requester} – {self.counterpart} @ {self.slot}"

    @property
    def online(self) -> bool:
        return self.room is not None

    def involves(self, participant_id: int) -> bool:
        return participant_id in (self.requester_id, self.counterpart_id)

    def other(self, participant_id: int):
        return self.counterpart if participant_id == self.requester_id else self.requester
