"""``tradefair mail-unread-messages``: announce by e-mail the messages unread for 15
minutes (every 5 minutes from cron on the embedded set-up; celery beat with a broker)."""

from django.core.management.base import BaseCommand

from tradefair.conversations.domain.reminders import mail_unread_messages


class Command(BaseCommand):
    help = "E-mail the readers of messages left unread for 15 minutes."

    def handle(self, *args, **options):
        self.stdout.write(f"{mail_unread_messages()} reminders written.")
