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

logger = logging.getLogger(__name__)


def launch(task, *args) -> None:
    """Queue the task with a broker; without one, run it in a thread (or in line when
    MATCHMAKING_SYNCHRONOUS is set). Failures are logged; a round keeps its own error."""
    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        task.delay(*args)
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
    from tradefair.matchmaking.tasks import run_round_task

    launch(run_round_task, round_id, seed)


def launch_recommendations(expo_id: int) -> None:
    from tradefair.matchmaking.tasks import compute_recommendations_task

    launch(compute_recommendations_task, expo_id)
