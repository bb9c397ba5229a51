from django.db import models
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField

from tradefair.common.taxonomy import validate_hs_code


class Product(models.Model):
    exhibitor = models.ForeignKey("catalog.Exhibitor", on_delete=models.CASCADE, related_name="products")
    hs_code = models.CharField(_("HS code"), max_length=6, validators=[validate_hs_code], db_index=True)
    name = I18nCharField(_("name"))
    description = I18nTextField(_("description"), blank=True, default="")

    class Meta:
        ordering = ["exhibitor", "id"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self) -> str:
        return str(self.name)
