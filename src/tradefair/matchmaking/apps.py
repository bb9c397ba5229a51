from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchmakingConfig(AppConfig):
    name = "tradefair.matchmaking"
    label = "matchmaking"
    verbose_name = _("Matchmaking")

    def ready(self) -> None:
        from tradefair.matchmaking import background, permissions  # noqa: F401  (declares the permissions)
        from tradefair.matchmaking.domain import personal_data  # noqa: F401  (answers for its personal data)

        background.connect()  # a round's run asked for by the domain goes to a worker
