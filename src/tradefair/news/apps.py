from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "tradefair.news"
    label = "news"
    verbose_name = _("News")

    def ready(self) -> None:
        from tradefair.news import permissions  # noqa: F401  (registers the rules)
