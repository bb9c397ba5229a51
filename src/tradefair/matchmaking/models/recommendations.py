from django.db import models
from django.utils.translation import gettext_lazy as _


class Recommendation(models.Model):
    """One of a participant's top counterparts, with the reasons as codes and parameters
    so that they are rendered in whichever language the reader uses."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "people.Participant", on_delete=models.CASCADE, related_name="recommendations"
    )
    counterpart = models.ForeignKey("people.Participant", on_delete=models.CASCADE, related_name="+")
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["participant", "rank"]
        verbose_name = _("recommendation")
        verbose_name_plural = _("recommendations")
        constraints = [
            models.UniqueConstraint(fields=["participant", "counterpart"], name="recommended_once"),
        ]
        indexes = [models.Index(fields=["counterpart"]), models.Index(fields=["expo", "participant", "rank"])]

    def __str__(self) -> str:
        return f"{self.participant_id} -> {self.counterpart_id} ({self.score:.2f})"
