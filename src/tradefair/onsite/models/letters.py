import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField


def new_letter_key() -> str:
    return secrets.token_urlsafe(12)


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
    issued_at = models.DateTimeField(auto_now_add=True)
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
        return self.revoked_at is None
