"""``tradefair send-digests``: one e-mail per participant who chose the daily digest,
with the notices held since the last one (once a day from cron, or celery beat at
TRADEFAIR_DIGEST_HOUR)."""

from django.core.management.base import BaseCommand

from tradefair.people.domain.mail import send_digests


class Command(BaseCommand):
    help = "Send the daily digests of notifications."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_digests()} digests written.")
