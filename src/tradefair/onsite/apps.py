from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "tradefair.onsite"
    label = "onsite"
    verbose_name = _("On site")
