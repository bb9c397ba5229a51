"""``tradefair rebuild-search [--expo SLUG]``: rewrite the catalog search entries."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tradefair.catalog.domain.search_index import rebuild_search_index
from tradefair.catalog.models import Exhibitor, InvestmentProject, Product
from tradefair.expos.models import Expo


class Command(BaseCommand):
    help = "Rebuild the catalog search index of one expo, or of every expo."

    def add_arguments(self, parser):
        parser.add_argument("--expo", metavar="SLUG", help="only this expo")

    def handle(self, *args, **options):
        expos = Expo.objects.order_by("slug")
        if options["expo"]:
            expos = expos.filter(slug=options["expo"])
            if not expos.exists():
                raise CommandError(f"No expo has the slug {options['expo']!r}.")
        started = time.monotonic()
        written = 0
        for expo in expos:
            total = (
                Exhibitor.objects.filter(expo=expo).count()
                + Product.objects.filter(exhibitor__expo=expo).count()
                + InvestmentProject.objects.filter(expo=expo).count()
            )
            with tqdm(total=total, desc=expo.slug, unit="entry", file=self.stderr._out) as bar:
                written += rebuild_search_index(expo, progress=bar.update)
        self.stdout.write(
            f"Indexed {written} entries of {expos.count()} expo(s) in {time.monotonic() - started:.1f} s."
        )
