"""Background work of people: the daily digest of notifications."""

from celery import shared_task

from tradefair.people.domain.mail import send_digests


@shared_task(name="people.send_digests")
def send_digests_task() -> int:
    return send_digests()
