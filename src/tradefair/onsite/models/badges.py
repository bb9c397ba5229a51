import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


def new_badge_key() -> str:
    return secrets.token_urlsafe(9)


class BadgeFormat(models.TextChoices):
    A6 = "a6", _("A6 card")
    LABEL = "label", _("Label (90 x 54 mm)")


class Badge(models.Model):
    """The printed pass of one participant. Its QR code carries a signed token naming the
    badge and a random key; reissuing a badge revokes the previous one, so a lost pass
    stops opening the gates while its replacement works."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="badges")
    key = models.CharField(max_length=16, unique=True, default=new_badge_key, editable=False)
    issued_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.CharField(_("reason for revoking"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(revoked_at__isnull=True),
                name="one_valid_badge_per_participant",
            )
        ]

    def __str__(self) -> str:
        return f"badge {self.pk} of participant {self.participant_id}"

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None


class CheckIn(models.Model):
    """One accepted scan at a gate. The scanning device sends a nonce of its own making
    with every scan, so a scan retried after a timeout, or uploaded again by a scanner
    that was offline, is stored once."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="check_ins")
    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="check_ins")
    badge = models.ForeignKey(
        Badge, null=True, blank=True, on_delete=models.SET_NULL, related_name="check_ins"
    )
    gate = models.CharField(_("gate"), max_length=40, blank=True)
    nonce = models.CharField(max_length=64)
    scanned_at = models.DateTimeField(_("scanned at"), db_index=True)
    received_at = models.DateTimeField(auto_now_add=True)
    scanned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-scanned_at", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [models.UniqueConstraint(fields=["expo", "nonce"], name="check_in_nonce_once_per_expo")]
        indexes = [models.Index(fields=["expo", "participant"]), models.Index(fields=["expo", "scanned_at"])]

    def __str__(self) -> str:
        return f"{self.participant_id} at {self.gate or '-'} {self.scanned_at:%Y-%m-%d %H:%M}"
