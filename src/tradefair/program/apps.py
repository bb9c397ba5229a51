from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgramConfig(AppConfig):
    name = "tradefair.program"
    label = "program"
    verbose_name = _("Programme")

    def ready(self) -> None:
        from tradefair.program import permissions  # noqa: F401  (registers the rules)
        from tradefair.program.domain import personal_data  # noqa: F401  (answers for its personal data)
