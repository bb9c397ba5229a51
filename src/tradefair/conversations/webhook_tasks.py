"""Background work of webhooks: each delivery attempt on a Celery worker, retried with
backoff, and a sweep of due deliveries every minute (celery beat).

The task module calls the domain, never the other way round: events arrive through
``common.events.domain_event`` (connected in ``ConversationsConfig.ready``), the domain
stores the deliveries, and this module queues them. Without a broker (the embedded
set-up) the attempts run in a thread of the web process, so that an organiser's click
never waits for somebody else's server, and retries wait in a timer; tests
(WEBHOOKS_SYNCHRONOUS) run the first attempt in line and drive retries with
``deliver_due``."""

import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from django.dispatch import receiver

from tradefair.celery import app
from tradefair.common.events import domain_event
from tradefair.conversations.domain import webhooks

logger = logging.getLogger(__name__)


@app.task(name="conversations.deliver_webhook", acks_late=True)
def deliver_webhook_task(delivery_id: int) -> None:
    retry = webhooks.attempt_delivery(delivery_id)
    if retry is not None and not _eager():
        deliver_webhook_task.apply_async(args=[delivery_id], countdown=retry)


@app.task(name="conversations.deliver_due_webhooks")
def deliver_due_webhooks_task() -> int:
    return webhooks.deliver_due()


def _eager() -> bool:
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True))


def _attempt_in_process(delivery_id: int) -> None:
    try:
        retry = webhooks.attempt_delivery(delivery_id)
    except Exception:  # noqa: BLE001 - a delivery's failure must not reach the action that made the event
        logger.exception("webhook delivery %s failed unexpectedly", delivery_id)
        return
    if retry is not None and not getattr(settings, "WEBHOOKS_SYNCHRONOUS", False):
        timer = threading.Timer(retry, _in_thread, args=(delivery_id,))
        timer.daemon = True
        timer.start()


def _in_thread(delivery_id: int) -> None:
    try:
        _attempt_in_process(delivery_id)
    finally:
        connection.close()


def dispatch(delivery_ids) -> None:
    """Send each delivery once the rows are committed (a worker must find them): to the
    workers with a broker, else in this process."""
    ids = list(delivery_ids)
    if ids:
        transaction.on_commit(lambda: _dispatch_now(ids))


def _dispatch_now(delivery_ids) -> None:
    for delivery_id in delivery_ids:
        if not _eager():
            try:
                deliver_webhook_task.delay(delivery_id)
            except Exception as error:  # noqa: BLE001 - the broker is away: the beat's sweep sends it later
                logger.warning("cannot queue webhook delivery %s: %s", delivery_id, error)
        elif getattr(settings, "WEBHOOKS_SYNCHRONOUS", False):
            _attempt_in_process(delivery_id)
        else:
            threading.Thread(target=_in_thread, args=(delivery_id,), daemon=True).start()


@receiver(domain_event, dispatch_uid="tradefair.conversations.webhooks")
def queue_webhooks(sender, *, kind, expo_id, occurred_at, payload, **kwargs) -> None:
    dispatch(webhooks.record_event(kind, expo_id=expo_id, occurred_at=occurred_at, payload=payload))
