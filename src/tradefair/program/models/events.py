from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField


class EventKind(models.TextChoices):
    SUMMIT = "summit", _("Summit")
    FORUM = "forum", _("Forum")
    CEREMONY = "ceremony", _("Ceremony")
    SEMINAR = "seminar", _("Seminar")


class Event(models.Model):
    """A summit or forum held beside the exhibition; it is made of sessions."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True, default="")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["expo", "starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="event_ends_after_start")
        ]

    def __str__(self) -> str:
        return str(self.name)


class Session(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="sessions")
    title = I18nCharField(_("title"))
    room = I18nCharField(_("room"), blank=True, default="")
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    language = models.CharField(_("language"), max_length=10)
    interpretation = models.JSONField(
        _("interpretation into"),
        default=list,
        blank=True,
        help_text=_("Languages offered through simultaneous interpretation, as language codes."),
    )
    description = I18nTextField(_("description"), blank=True, default="")
    speakers = models.ManyToManyField("program.Speaker", blank=True, related_name="sessions")

    class Meta:
        ordering = ["event", "starts_at", "id"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="session_has_capacity"),
        ]

    def __str__(self) -> str:
        return str(self.title)
