from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnsiteConfig(AppConfig):
    name = "tradefair.onsite"
    label = "onsite"
    verbose_name = _("On site")

    def ready(self) -> None:
        from tradefair.onsite.domain import personal_data  # noqa: F401  (answers for its personal data)
