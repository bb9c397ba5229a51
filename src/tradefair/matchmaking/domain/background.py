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


def launch_round(round_id: int, *, seed: int = 0) -> None:
    from tradefair.matchmaking.tasks import run_round_task

    if not getattr(settings, "CELERY_TASK_ALWAYS_EAGER", False):
        run_round_task.delay(round_id, seed)
        return
    if getattr(settings, "MATCHMAKING_SYNCHRONOUS", False):
        try:
            run_round_task.apply(args=(round_id, seed), throw=True)
        except Exception:  # noqa: BLE001 - run_round stored the error on the round
            logger.exception("round %s failed", round_id)
        return

    def work():
        try:
            run_round_task.apply(args=(round_id, seed), throw=True)
        except Exception:  # noqa: BLE001 - run_round stored the error on the round
            logger.exception("round %s failed", round_id)
        finally:
            connection.close()

    threading.Thread(target=work, name=f"round-{round_id}", daemon=True).start()
