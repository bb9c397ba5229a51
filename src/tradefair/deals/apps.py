from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DealsConfig(AppConfig):
    name = "tradefair.deals"
    label = "deals"
    verbose_name = _("Deals")

    def ready(self) -> None:
        from tradefair.deals.domain import personal_data  # noqa: F401  (answers for its personal data)
