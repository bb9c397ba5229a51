"""Background work of the reports app. The task module calls the domain, never the other
way round: the domain announces a requested export with a signal, received here. Without
a broker (the embedded set-up, where settings.CELERY_TASK_ALWAYS_EAGER is true) a task
runs in-process at once."""

from celery import shared_task
from django.conf import settings
from django.dispatch import receiver

from tradefair.reports.domain.exports import export_requested, run_export


@shared_task(name="tradefair.reports.build_export")
def build_export(job_id: int) -> int:
    return run_export(job_id).rows


@receiver(export_requested, dispatch_uid="tradefair.reports.queue_export")
def queue_export(sender, *, job_id: int, **kwargs) -> None:
    """A requested export goes to a worker (or runs at once without a broker)."""
    dispatch(build_export, job_id)


def dispatch(task, *args):
    if getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True):
        return task.apply(args=args)
    return task.delay(*args)
