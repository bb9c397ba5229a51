"""``tradefair send-mail``: send the outbox's mail that is due (queued, or waiting to
retry after a failure). Run it every minute from cron on the embedded set-up; with a
broker, celery beat does (``send-due-mail`` in CELERY_BEAT_SCHEDULE)."""

from django.core.management.base import BaseCommand

from tradefair.common.models import MailStatus, OutgoingMail
from tradefair.common.outbox import retry_failed, send_due_mail


class Command(BaseCommand):
    help = "Send the e-mail that is due, retrying what a mail server refused before."

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry-failed", action="store_true", help="Try again the mail given up after too many attempts."
        )
        parser.add_argument("--limit", type=int, default=1000, help="At most this many mails in one run.")

    def handle(self, *args, **options):
        if options["retry_failed"]:
            self.stdout.write(f"{retry_failed()} given-up mails queued again.")
        total_sent = total_waiting = 0
        while True:
            sent, waiting = send_due_mail(limit=options["limit"])
            total_sent += sent
            total_waiting += waiting
            if sent == 0 or sent + waiting < options["limit"]:
                break
        failed = OutgoingMail.objects.filter(status=MailStatus.FAILED).count()
        self.stdout.write(f"{total_sent} sent, {total_waiting} waiting to retry, {failed} given up.")
