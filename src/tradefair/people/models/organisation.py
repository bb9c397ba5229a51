from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from i18nfield.fields import I18nCharField

from tradefair.common.taxonomy import validate_hs_codes, validate_isic_sections


class OrganisationKind(models.TextChoices):
    ENTERPRISE = "enterprise", _("Enterprise")
    INSTITUTION = "institution", _("Institution")
    GOVERNMENT = "government", _("Government body")
    ASSOCIATION = "association", _("Association")
    MEDIA = "media", _("Media")


class SizeBand(models.TextChoices):
    MICRO = "micro", _("1-9 employees")
    SMALL = "small", _("10-49 employees")
    MEDIUM = "medium", _("50-249 employees")
    LARGE = "large", _("250 employees or more")


class Organisation(models.Model):
    """An enterprise, institution or government body. It outlives one edition: the same
    company comes back year after year, so it is not tied to an expo."""

    legal_name = models.CharField(_("legal name"), max_length=300)
    name = I18nCharField(_("display name"))
    kind = models.CharField(
        _("kind"), max_length=16, choices=OrganisationKind.choices, default=OrganisationKind.ENTERPRISE
    )
    country = CountryField(_("country or region"), db_index=True)
    isic_sections = models.JSONField(
        _("ISIC sections"), default=list, blank=True, validators=[validate_isic_sections]
    )
    hs_codes = models.JSONField(
        _("HS codes traded"), default=list, blank=True, validators=[validate_hs_codes]
    )
    size_band = models.CharField(_("size"), max_length=8, choices=SizeBand.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    external_id = models.CharField(_("external id"), max_length=64, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["legal_name", "id"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["external_id"],
                condition=~models.Q(external_id=""),
                name="organisation_external_id_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.name) or self.legal_name
