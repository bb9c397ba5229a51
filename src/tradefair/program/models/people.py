from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField


class Speaker(models.Model):
    """Someone on stage. Often a registered participant, but a minister's keynote may come
    from someone who never registers, so the participant is optional."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="speakers")
    participant = models.ForeignKey(
        "people.Participant",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="speaker_profiles",
    )
    name = models.CharField(_("name"), max_length=200)
    name_latin = models.CharField(_("name in Latin letters"), max_length=200, blank=True)
    position = I18nCharField(_("position and organisation"), blank=True, default="")
    bio = I18nTextField(_("biography"), blank=True, default="")
    photo_url = models.URLField(_("photo address"), blank=True)

    class Meta:
        ordering = ["expo", "name", "id"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class SignupStatus(models.TextChoices):
    CONFIRMED = "confirmed", _("Seat confirmed")
    WAITING = "waiting", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class SessionSignup(models.Model):
    """A participant's seat in a session, or their place in its waiting list. The waiting
    list is served in the order of ``queued_at`` (then id), which a re-registration resets."""

    session = models.ForeignKey("program.Session", on_delete=models.CASCADE, related_name="signups")
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="session_signups"
    )
    status = models.CharField(_("status"), max_length=10, choices=SignupStatus.choices)
    queued_at = models.DateTimeField(_("signed up"))
    confirmed_at = models.DateTimeField(_("seat confirmed"), null=True, blank=True)

    class Meta:
        ordering = ["session", "queued_at", "id"]
        verbose_name = _("session sign-up")
        verbose_name_plural = _("session sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"], name="one_signup_per_session_and_person"
            ),
            models.CheckConstraint(
                condition=~Q(status="confirmed") | Q(confirmed_at__isnull=False),
                name="confirmed_signup_has_time",
            ),
        ]
        indexes = [models.Index(fields=["session", "status", "queued_at"])]

    def __str__(self) -> str:
        return f"{self.participant} @ {self.session}"
