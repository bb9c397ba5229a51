import datetime

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Being set up")
    RUNNING = "running", _("Being scheduled")
    SCHEDULED = "scheduled", _("Scheduled")
    PUBLISHED = "published", _("Published")


class Round(models.Model):
    """One matchmaking round: a slot grid, a number of tables (and of video rooms for
    online meetings) and who takes part; the engine turns it into meetings."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="rounds")
    name = models.CharField(_("name"), max_length=200)
    tables = models.PositiveIntegerField(
        _("tables per slot"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    online_rooms = models.PositiveIntegerField(
        _("online meetings at once"),
        default=0,
        help_text=_(
            "How many video meetings can run in one slot (the media server's capacity); 0: no online meetings."
        ),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=RoundStatus.choices, default=RoundStatus.DRAFT
    )
    days = models.JSONField(_("days"), default=list, help_text=_("ISO dates on which the round runs."))
    day_starts = models.TimeField(_("first slot starts"), default=datetime.time(9, 0))
    day_ends = models.TimeField(_("last slot ends"), default=datetime.time(17, 0))
    slot_minutes = models.PositiveSmallIntegerField(
        _("minutes per slot"), default=20, validators=[MinValueValidator(5)]
    )
    breaks = models.JSONField(
        _("breaks"),
        default=list,
        blank=True,
        help_text=_('Pairs of times without slots, e.g. [["12:00", "13:00"]].'),
    )
    roles = models.JSONField(
        _("who takes part"), default=list, blank=True, help_text=_("Roles taking part; empty means everyone.")
    )
    max_meetings = models.PositiveSmallIntegerField(
        _("most meetings per participant"), default=8, validators=[MinValueValidator(1)]
    )
    min_meetings = models.PositiveSmallIntegerField(_("meetings everyone should get"), default=0)
    time_limit = models.PositiveIntegerField(_("solver time limit (seconds)"), default=60)
    follow_ups = models.BooleanField(
        _("follow-up meetings"),
        default=False,
        help_text=_(
            "Pairs that already met or are scheduled in another round of the expo may be scheduled again."
        ),
    )
    progress = models.JSONField(default=list, blank=True, help_text="solver phases as [seconds, phase, note]")
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    instance_gz = models.BinaryField(null=True, blank=True, editable=False)
    schedule_gz = models.BinaryField(null=True, blank=True, editable=False)
    report = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expo", "id"]
        verbose_name = _("matchmaking round")
        verbose_name_plural = _("matchmaking rounds")

    def __str__(self) -> str:
        return self.name


class Slot(models.Model):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["round", "starts_at"]
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="slot_ends_after_start"),
            models.UniqueConstraint(fields=["round", "starts_at"], name="one_slot_per_start_in_round"),
        ]

    def __str__(self) -> str:
        return self.starts_at.isoformat()
