from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExposConfig(AppConfig):
    name = "tradefair.expos"
    label = "expos"
    verbose_name = _("Expos")

    def ready(self) -> None:
        from tradefair.expos import permissions  # noqa: F401  (declares the organisers' permissions)
