from django.core.management.base import BaseCommand

from tradefair.commerce.domain.deadlines import process_deadlines


class Command(BaseCommand):
    help = "Remind exhibitors of unpaid orders past their due date, then release booths as each expo chose."

    def handle(self, *args, **options):
        report = process_deadlines()
        self.stdout.write(f"{report.reminded} reminders sent, {report.released} orders released")
