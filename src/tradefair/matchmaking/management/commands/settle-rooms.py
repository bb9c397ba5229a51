"""``tradefair settle-rooms [--expo SLUG]``: held or no-show for every online meeting whose
slot has ended, from who was in its video room (the periodic task does the same)."""

from django.core.management.base import BaseCommand, CommandError

from tradefair.expos.models import Expo
from tradefair.matchmaking.domain.attendance import settle_online_meetings


class Command(BaseCommand):
    help = "Mark ended online meetings held (both parties in the room together long enough) or no-show."

    def add_arguments(self, parser):
        parser.add_argument("--expo", metavar="SLUG")

    def handle(self, *args, **options):
        expo = None
        if options["expo"]:
            expo = Expo.objects.filter(slug=options["expo"]).first()
            if expo is None:
                raise CommandError(f"No expo has the slug {options['expo']!r}.")
        counts = settle_online_meetings(expo=expo)
        self.stdout.write(f"Online meetings settled: {counts['held']} held, {counts['no_show']} no-show.")
