from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RoomSeatKind(models.TextChoices):
    PARTY = "party", _("Participant")
    INTERPRETER = "interpreter", _("Interpreter")
    ORGANISER = "organiser", _("Organiser")


class RoomVisit(models.Model):
    """One stay of one person in an online meeting's room, from joining until leaving
    (or the last sign of life the room page sent). Whether the meeting was held is read
    from the two parties' visits together (matchmaking.domain.attendance)."""

    meeting = models.ForeignKey("matchmaking.Meeting", on_delete=models.CASCADE, related_name="room_visits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "people.Participant", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    seat = models.CharField(
        _("seat"), max_length=12, choices=RoomSeatKind.choices, default=RoomSeatKind.PARTY
    )
    joined_at = models.DateTimeField(_("joined"))
    last_seen_at = models.DateTimeField(_("last seen"))
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        ordering = ["meeting", "joined_at"]
        verbose_name = _("room visit")
        verbose_name_plural = _("room visits")
        indexes = [models.Index(fields=["meeting", "user", "left_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(last_seen_at__gte=F("joined_at")), name="room_visit_seen_after_joining"
            ),
            models.CheckConstraint(
                condition=Q(left_at__isnull=True) | Q(left_at__gte=F("joined_at")),
                name="room_visit_left_after_joining",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in meeting {self.meeting_id} from {self.joined_at:%H:%M:%S}"

    @property
    def ends_at(self):
        return self.left_at or self.last_seen_at
