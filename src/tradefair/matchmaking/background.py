"""Starting a round's engine run in the background.

With a broker (TRADEFAIR_CELERY_BROKER_URL), a Celery worker runs the task. Without one,
Celery would run it inside the web request, which for a whole expo takes minutes; so the
embedded set-up runs the task in a thread of the web process instead, and the round page
shows its progress as the phases are recorded. Tests (MATCHMAKING_SYNCHRONOUS) run it in
line."""

import logging
import threading

from django.conf import settings
from django.db import connection
from django.dispatch import receiver
from django.utils.translation import gettext as _

from tradefair.common.errors import DomainError

logger = logging.getLogger(__name__)

# Publishing waits this long for an unreachable broker, not kombu's default of minutes.
SEND_RETRY = {"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5, "interval_max": 1}


class QueueUnavailable(DomainError):
    """The broker (Redis) cannot be reached: nothing was queued."""

    status = 503


def _send(task, args) -> None:
    try:
        task.apply_async(args=args, retry=True, retry_policy=SEND_RETRY)
    except Exception as error:  # noqa: BLE001 - kombu's OperationalError, or the socket's own error
        logger.warning("cannot queue %s%s: %s", task.name, args, error)
        raise QueueUnavailable(
            "queue_unavailable",
            _(
                "Background work cannot be started just now; nothing was started. Please try again in a minute."
            ),
        ) from error


def launch(task, *args) -> None:
    """Queue the task with a broker; without one, run it in a thread (or in line when
    MATCHMAKING_SYNCHRONOUS is set). Failures are logged; a round keeps its own error."""
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        _send(task, args)
        return

    def work():
        try:
            task.apply(args=args, throw=True)
        except Exception:  # noqa: BLE001 - logged here, and run_round stored the error on the round
            logger.exception("task %s%s failed", task.name, args)

    if getattr(settings, "MATCHMAKING_SYNCHRONOUS", False):
        work()
        return

    def in_thread():
        try:
            work()
        finally:
            connection.close()

    threading.Thread(target=in_thread, name=f"{task.name}-{args}", daemon=True).start()


def launch_round(round_id: int, *, seed: int = 0) -> None:
    """Queue the round's run. When the broker is away the round goes back to being set
    up, with the reason, instead of showing "being scheduled" for a run never queued."""
    from tradefair.matchmaking.models import Round, RoundStatus
    from tradefair.matchmaking.tasks import run_round_task

    try:
        launch(run_round_task, round_id, seed)
    except QueueUnavailable as error:
        Round.objects.filter(pk=round_id, status=RoundStatus.RUNNING).update(
            status=RoundStatus.DRAFT, error=error.message
        )
        raise


def _on_run_requested(sender, *, round_id: int, seed: int = 0, **kwargs) -> None:
    """matchmaking.domain.rounds.schedule_round asks for a background run."""
    launch_round(round_id, seed=seed)


def connect() -> None:
    from tradefair.matchmaking.domain.rounds import run_requested

    receiver(run_requested, dispatch_uid="tradefair.matchmaking.launch_round")(_on_run_requested)


def launch_recommendations(expo_id: int) -> None:
    from tradefair.matchmaking.tasks import compute_recommendations_task

    launch(compute_recommendations_task, expo_id)
