from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommonConfig(AppConfig):
    name = "tradefair.common"
    label = "common"
    verbose_name = _("Common")

    def ready(self):
        from django.urls import register_converter

        from tradefair.common.numbers import RowIdConverter

        register_converter(RowIdConverter, "id")
        # Connects the login signal that keeps a visitor's language choice.
        from tradefair.common import (
            languages,  # noqa: F401
            tasks,  # noqa: F401  (sends the outbox)
        )
