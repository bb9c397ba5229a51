from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "tradefair.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from tradefair.common.publication import answer_results_published
        from tradefair.reports import tasks  # noqa: F401  (queues requested exports)
        from tradefair.reports.domain import personal_data  # noqa: F401  (answers for its personal data)
        from tradefair.reports.domain.publication import is_published

        answer_results_published(is_published)  # deals asks whether results are public
