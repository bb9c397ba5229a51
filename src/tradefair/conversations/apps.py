from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "tradefair.conversations"
    label = "conversations"
    verbose_name = _("Conversations")

    def ready(self) -> None:
        from tradefair.conversations import permissions, webhook_tasks  # noqa: F401  (rules; webhooks hear events)
        from tradefair.conversations.domain import privacy  # noqa: F401  (answers for its personal data)
