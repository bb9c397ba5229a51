"""Background work of the reports app. Without a broker (the embedded set-up, where
settings.CELERY_TASK_ALWAYS_EAGER is true) a task runs in-process at once."""

from celery import shared_task
from django.conf import settings


@shared_task(name="tradefair.reports.build_export")
def build_export(job_id: int) -> int:
    from tradefair.reports.domain.exports import run_export

    return run_export(job_id).rows


def dispatch(task, *args):
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        return task.apply(args=args)
    return task.delay(*args)
