"""``tradefair recommend --expo SLUG``: compute every participant's top counterparts."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tradefair.expos.models import Expo
from tradefair.matchmaking.domain.profiles import eligible_participants
from tradefair.matchmaking.domain.recommendations import TOP, compute_recommendations


class Command(BaseCommand):
    help = "Compute and store the recommended counterparts of every approved participant of an expo."

    def add_arguments(self, parser):
        parser.add_argument("--expo", metavar="SLUG", required=True)

    def handle(self, *args, **options):
        expo = Expo.objects.filter(slug=options["expo"]).first()
        if expo is None:
            raise CommandError(f"No expo has the slug {options['expo']!r}.")
        started = time.monotonic()
        total = eligible_participants(expo).count()
        with tqdm(total=total, desc=expo.slug, unit="participant", file=self.stderr._out) as bar:
            written = compute_recommendations(expo, progress=bar.update)
        self.stdout.write(
            f"Stored {written} recommendations (top {TOP}) for {total} participants of {expo.slug} "
            f"in {time.monotonic() - started:.1f} s."
        )
