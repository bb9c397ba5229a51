from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField, I18nTextField

from tradefair.common.numbers import StorableDecimalValidator
from tradefair.common.taxonomy import ISIC_CHOICES


class ProjectStage(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    FEASIBILITY = "feasibility", _("Feasibility study done")
    APPROVED = "approved", _("Approved, seeking investors")
    CONSTRUCTION = "construction", _("Under construction")
    EXPANSION = "expansion", _("Expansion of a running business")


class InvestmentProject(models.Model):
    """A project seeking investors; it becomes a contracted project through a signed
    investment agreement (deals app), which is what the expo's results count."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="projects")
    owner = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="projects")
    exhibitor = models.ForeignKey(
        "catalog.Exhibitor", null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True, default="")
    isic_section = models.CharField(_("ISIC section"), max_length=1, choices=ISIC_CHOICES)
    country = CountryField(_("country or region"))
    location = I18nCharField(_("location"), blank=True, default="")
    amount_sought = models.DecimalField(
        _("investment sought"),
        max_digits=18,
        decimal_places=2,
        validators=[MinValueValidator(0), StorableDecimalValidator(18, 2)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="CNY", validators=[RegexValidator(r"^[A-Z]{3}$")]
    )
    stage = models.CharField(
        _("stage"), max_length=16, choices=ProjectStage.choices, default=ProjectStage.CONCEPT
    )

    class Meta:
        ordering = ["expo", "id"]
        verbose_name = _("investment project")
        verbose_name_plural = _("investment projects")
        constraints = [
            models.CheckConstraint(condition=Q(amount_sought__gte=0), name="project_amount_not_negative")
        ]

    def __str__(self) -> str:
        return str(self.name)
