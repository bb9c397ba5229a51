from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FloorPlanSettings(models.Model):
    """The expo's booth rule. With one booth each (the default, a shell-scheme fair) the
    database refuses a second booth for an exhibitor; raw-space fairs that sell several
    adjoining units to one exhibitor switch it off."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="floor_plan_settings")
    one_booth_per_exhibitor = models.BooleanField(_("one booth per exhibitor"), default=True)

    class Meta:
        verbose_name = _("floor plan settings")
        verbose_name_plural = _("floor plan settings")

    def __str__(self) -> str:
        return str(self.expo)


class BoothProposal(models.Model):
    """The automatic assignment's plan, kept until the organisers accept it pavilion by
    pavilion or discard it: nothing is assigned until they do. One open proposal per expo;
    a new one replaces it."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="booth_proposal")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # exhibitor id (as a string: JSON keys) -> reason it could not be placed
    unplaced = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("booth proposal")
        verbose_name_plural = _("booth proposals")

    def __str__(self) -> str:
        return f"{self.expo} ({self.created_at:%Y-%m-%d %H:%M})"


class ProposedBooth(models.Model):
    """One line of a proposal: this exhibitor would stand in this booth."""

    proposal = models.ForeignKey(BoothProposal, on_delete=models.CASCADE, related_name="moves")
    pavilion = models.ForeignKey("expos.Pavilion", on_delete=models.CASCADE, related_name="+")
    exhibitor = models.ForeignKey("catalog.Exhibitor", on_delete=models.CASCADE, related_name="+")
    booth = models.ForeignKey("expos.Booth", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("proposed booth")
        verbose_name_plural = _("proposed booths")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "booth"], name="proposal_gives_a_booth_once"),
            models.UniqueConstraint(
                fields=["proposal", "exhibitor"], name="proposal_places_an_exhibitor_once"
            ),
        ]
        indexes = [models.Index(fields=["proposal", "pavilion"])]

    def __str__(self) -> str:
        return f"{self.booth_id} → {self.exhibitor_id}"
