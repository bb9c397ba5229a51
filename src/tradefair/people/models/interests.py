from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tradefair.common.taxonomy import ISIC_CHOICES, validate_hs_code


class Interest(models.Model):
    """What a participant sells or seeks. The code is the language-neutral key that
    matchmaking compares; the text says it in the author's own words and language."""

    participant = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="%(class)ss")
    hs_code = models.CharField(
        _("HS code"), max_length=6, blank=True, db_index=True, validators=[validate_hs_code]
    )
    isic_section = models.CharField(_("ISIC section"), max_length=1, blank=True, choices=ISIC_CHOICES)
    text = models.CharField(_("description"), max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["id"]

    def __str__(self) -> str:
        return self.hs_code or self.isic_section or self.text[:40]


class Offer(Interest):
    class Meta(Interest.Meta):
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        constraints = [
            models.CheckConstraint(
                condition=~Q(hs_code="", isic_section="", text=""), name="offer_says_something"
            )
        ]


class Need(Interest):
    class Meta(Interest.Meta):
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        constraints = [
            models.CheckConstraint(
                condition=~Q(hs_code="", isic_section="", text=""), name="need_says_something"
            )
        ]
