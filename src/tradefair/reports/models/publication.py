from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ResultsPublication(models.Model):
    """The organisers' decision to make an edition's results public. Until then only
    organisers see the dashboard and each party sees only its own deals."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="results_publication")
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("results publication")
        verbose_name_plural = _("results publications")

    def __str__(self) -> str:
        return f"{self.expo} @ {self.published_at:%Y-%m-%d %H:%M}"
