import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def new_letter_key() -> str:
    return secrets.token_urlsafe(12)


class LetterStatus(models.TextChoices):
    """A letter is asked for, then an organiser issues it or turns it down; an embassy
    must never receive a letter nobody at the expo looked at."""

    PENDING = "pending", _("Waiting for approval")
    ISSUED = "issued", _("Issued")
    REJECTED = "rejected", _("Turned down")


class InvitationLetter(models.Model):
    """A letter inviting a participant, for a visa application. The passport number is
    personal data: only organisers and the holder see it (the PDF and the organiser
    pages); the public verification page shows the name and the letter's validity."""

    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="invitation_letters"
    )
    key = models.CharField(max_length=24, unique=True, default=new_letter_key, editable=False)
    passport_number = models.CharField(_("passport number"), max_length=40)
    nationality = CountryField(_("nationality"))
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    stay_from = models.DateField(_("arrival"))
    stay_until = models.DateField(_("departure"))
    inviting_organisation = models.CharField(_("inviting organisation"), max_length=300)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    status = models.CharField(
        _("status"), max_length=10, choices=LetterStatus.choices, default=LetterStatus.PENDING
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    # The moment of the request until an organiser decides; then the moment of the decision.
    issued_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rejected_reason = models.CharField(_("reason for turning down"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("invitation letter")
        verbose_name_plural = _("invitation letters")
        constraints = [
            models.CheckConstraint(
                condition=Q(stay_until__gte=F("stay_from")), name="letter_stay_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"invitation letter {self.pk} for participant {self.participant_id}"

    @property
    def is_valid(self) -> bool:
        return self.status == LetterStatus.ISSUED and self.revoked_at is None


class LetterSettings(models.Model):
    """How an expo handles letter requests. Without a row, every request waits for an
    organiser."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="letter_settings")
    issue_automatically = models.BooleanField(
        _("issue letters at once, without approval"),
        default=False,
        help_text=_("Each approved participant's request becomes a letter at once."),
    )

    class Meta:
        verbose_name = _("invitation letter settings")
        verbose_name_plural = _("invitation letter settings")

    def __str__(self) -> str:
        return f"letter settings of expo {self.expo_id}"
