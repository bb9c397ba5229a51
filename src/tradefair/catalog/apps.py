from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogConfig(AppConfig):
    name = "tradefair.catalog"
    label = "catalog"
    verbose_name = _("Catalog")

    def ready(self) -> None:
        from tradefair.catalog import permissions  # noqa: F401  (registers the rules)
        from tradefair.catalog.domain import (
            exhibitor_list,  # noqa: F401  (keeps its cached filter fresh)
            personal_data,  # noqa: F401  (answers for its personal data)
        )
