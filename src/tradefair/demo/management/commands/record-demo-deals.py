"""``tradefair record-demo-deals --expo SLUG [--seed N]``: the demo's deals and signings."""

import time

from django.core.management.base import BaseCommand, CommandError

from tradefair.demo.deals import record_demo_deals
from tradefair.expos.models import Expo


class Command(BaseCommand):
    help = "Record deals and signings for a demo expo so that its results resemble the 12th CNEA Expo."

    def add_arguments(self, parser):
        parser.add_argument("--expo", required=True, help="the expo's slug")
        parser.add_argument("--seed", type=int, default=12)

    def handle(self, *args, **options):
        expo = Expo.objects.filter(slug=options["expo"]).first()
        if expo is None:
            raise CommandError(f"No expo has the slug {options['expo']!r}.")
        started = time.monotonic()
        count = record_demo_deals(expo, seed=options["seed"])
        if count == 0:
            self.stderr.write(f"{expo.slug} has deals already (or too few organisations); nothing recorded.")
            return
        self.stderr.write(
            f"Recorded {count} demo deals for {expo.slug} in {time.monotonic() - started:.1f} s."
        )
