from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommerceConfig(AppConfig):
    name = "tradefair.commerce"
    label = "commerce"
    verbose_name = _("Exhibitor sales")

    def ready(self) -> None:
        from tradefair.commerce import permissions  # noqa: F401  (declares the rules)
