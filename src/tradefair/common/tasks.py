"""Sending the outbox. A queued mail is announced once its transaction commits
(common.outbox.mail_queued) and sent here: by a worker when a broker is configured, which
also schedules the next attempt after a failure, or at once in the calling process
without one, where the periodic ``tradefair send-mail`` (a beat entry, or cron on the
embedded set-up) takes over the retries."""

import logging

from celery import shared_task
from django.conf import settings
from django.dispatch import receiver

from tradefair.common.models import OutgoingMail
from tradefair.common.outbox import deliver, mail_queued, send_due_mail, send_many

log = logging.getLogger(__name__)


@shared_task(name="common.send_mail", acks_late=True)
def send_mail_task(mail_id: int) -> str:
    outcome = deliver(mail_id)
    if outcome == "retry" and not eager():
        mail = OutgoingMail.objects.only("next_attempt_at").get(pk=mail_id)
        send_mail_task.apply_async((mail_id,), eta=mail.next_attempt_at)
    return outcome


@shared_task(name="common.send_due_mail")
def send_due_mail_task() -> int:
    sent, _waiting = send_due_mail()
    return sent


def eager() -> bool:
    return bool(getattr(settings, "CELERY_TASK_ALWAYS_EAGER", True))


@receiver(mail_queued, dispatch_uid="tradefair.common.queue_mail")
def queue_sending(sender, *, mail_ids, **kwargs) -> None:
    if eager():
        # In the calling process, through one connection; a failure is recorded on the
        # row for tradefair send-mail, and the action that caused the mail goes on.
        try:
            send_many(list(mail_ids))
        except Exception as error:  # noqa: BLE001
            log.warning("mail %s left for tradefair send-mail: %s", list(mail_ids), error)
        return
    for mail_id in mail_ids:
        try:
            send_mail_task.delay(mail_id)
        except Exception as error:  # noqa: BLE001 (a broker down must not fail the action)
            log.warning("mail %s left for tradefair send-mail: broker unreachable (%s)", mail_id, error)
