from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ResultsPublication(models.Model):
    """One publication of an edition's results: the organisers' decision to make them
    public, with the results document frozen as it stood at that moment. Deals recorded
    afterwards change the live dashboard only; they reach the public with the next
    publication, whose ``changes`` say which headline figures moved since the one before.
    Until the first publication only organisers see the dashboard; a withdrawn
    publication stays in the history but is no longer what the public sees."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="results_publications")
    number = models.PositiveIntegerField(_("publication"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The tradefair-results/1 document (detailed) as published; empty only for a
    # publication made before snapshots existed, which is frozen when first read.
    document = models.JSONField(null=True, blank=True, editable=False)
    # Headline figures that differ from the previous publication: {key: [before, after]}.
    changes = models.JSONField(default=dict, blank=True, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    class Meta:
        ordering = ["expo", "number"]
        verbose_name = _("results publication")
        verbose_name_plural = _("results publications")
        constraints = [
            models.UniqueConstraint(fields=["expo", "number"], name="one_publication_number_per_expo"),
            models.CheckConstraint(condition=Q(number__gte=1), name="publication_numbers_start_at_one"),
        ]

    def __str__(self) -> str:
        return f"{self.expo} #{self.number} @ {self.published_at:%Y-%m-%d %H:%M}"
