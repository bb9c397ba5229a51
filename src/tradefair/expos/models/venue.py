from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField


class Pavilion(models.Model):
    """A themed area ("Pavilion of the 5G New Era") or a country pavilion; exhibitors are
    grouped by it in the catalog, on the floor plan and in the figures."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="pavilions")
    name = I18nCharField(_("name"))
    theme = I18nCharField(_("theme"), blank=True, default="")
    country = CountryField(_("country or region"), blank=True, help_text=_("Only for a country pavilion."))
    colour = models.CharField(_("colour on the floor plan"), max_length=7, default="#4a7bd0")
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["expo", "position", "id"]
        verbose_name = _("pavilion")
        verbose_name_plural = _("pavilions")

    def __str__(self) -> str:
        return str(self.name)

    @property
    def is_country_pavilion(self) -> bool:
        return bool(self.country)


class Hall(models.Model):
    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="halls")
    code = models.CharField(_("code"), max_length=16)
    name = I18nCharField(_("name"))
    width_m = models.DecimalField(
        _("width (m)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(1)]
    )
    depth_m = models.DecimalField(
        _("depth (m)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(1)]
    )

    class Meta:
        ordering = ["expo", "code"]
        verbose_name = _("hall")
        verbose_name_plural = _("halls")
        constraints = [models.UniqueConstraint(fields=["expo", "code"], name="hall_code_unique_in_expo")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class BoothStatus(models.TextChoices):
    AVAILABLE = "available", _("Available")
    RESERVED = "reserved", _("Reserved")
    ASSIGNED = "assigned", _("Assigned")
    BLOCKED = "blocked", _("Blocked")


class Booth(models.Model):
    """A rectangle on a hall's floor, in metres from the hall's front-left corner."""

    hall = models.ForeignKey(Hall, on_delete=models.CASCADE, related_name="booths")
    pavilion = models.ForeignKey(
        Pavilion, null=True, blank=True, on_delete=models.SET_NULL, related_name="booths"
    )
    code = models.CharField(_("code"), max_length=16)
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(1)]
    )
    x_m = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    y_m = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    width_m = models.DecimalField(max_digits=7, decimal_places=2, default=3)
    depth_m = models.DecimalField(max_digits=7, decimal_places=2, default=3)
    status = models.CharField(
        _("status"), max_length=12, choices=BoothStatus.choices, default=BoothStatus.AVAILABLE
    )

    class Meta:
        ordering = ["hall", "code"]
        verbose_name = _("booth")
        verbose_name_plural = _("booths")
        constraints = [
            models.UniqueConstraint(fields=["hall", "code"], name="booth_code_unique_in_hall"),
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="booth_area_positive"),
        ]

    def __str__(self) -> str:
        return self.code
