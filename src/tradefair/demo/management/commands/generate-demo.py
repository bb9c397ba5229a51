"""``tradefair generate-demo``: build a demo edition and print its slug on the last line."""

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tradefair.common.errors import DomainError
from tradefair.demo.generator import DemoSize, generate_demo
from tradefair.expos.models import Expo


class Command(BaseCommand):
    help = "Build a demo expo modelled on the 12th China-Northeast Asia Expo; prints the expo's slug last."

    def add_arguments(self, parser):
        defaults = DemoSize()
        parser.add_argument("--merchants", type=int, default=defaults.merchants)
        parser.add_argument("--exhibitors", type=int, default=defaults.exhibitors)
        parser.add_argument("--countries", type=int, default=defaults.countries, help="countries and regions")
        parser.add_argument("--seed", type=int, default=defaults.seed)
        parser.add_argument("--slug", default=defaults.slug)
        parser.add_argument(
            "--if-missing", action="store_true", help="do nothing when the slug exists already"
        )

    def handle(self, *args, **options):
        size = DemoSize(
            merchants=options["merchants"],
            exhibitors=options["exhibitors"],
            countries=options["countries"],
            seed=options["seed"],
            slug=options["slug"],
        )
        if options["if_missing"] and Expo.objects.filter(slug=size.slug).exists():
            self.stderr.write(f"Expo {size.slug} is already loaded; nothing to do.")
            self.stdout.write(size.slug)
            return
        started = time.monotonic()
        bar = tqdm(
            total=size.total_rows,
            unit="participants",
            file=sys.stderr,
            disable=options["verbosity"] == 0,
            desc="Building demo",
            dynamic_ncols=True,
            mininterval=0.5,
        )
        try:
            expo = generate_demo(size, progress=bar.update)
        except DomainError as error:
            raise CommandError(error.message) from None
        finally:
            bar.close()
        self.stderr.write(
            f"Built {expo.slug}: {size.merchants} merchants, {size.exhibitors} exhibitors, "
            f"{size.countries} countries and regions in {time.monotonic() - started:.1f} s."
        )
        self.stdout.write(expo.slug)
