"""``tradefair purge-personal-data [--expo SLUG] [--dry-run]``: anonymise the
participants of expos whose retention period has passed (people.domain.retention)."""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from tradefair.expos.models import Expo
from tradefair.people.domain.retention import (
    expired_expos,
    expired_participants,
    purge_expired,
    retention_ends,
)


class Command(BaseCommand):
    help = "Anonymise participants of expos whose last day plus retention period has passed."

    def add_arguments(self, parser):
        parser.add_argument("--expo", metavar="SLUG", help="only this expo")
        parser.add_argument("--dry-run", action="store_true", help="say what would be erased, change nothing")

    def handle(self, *args, **options):
        today = timezone.localdate()
        expos = Expo.objects.filter(personal_data_retention_days__isnull=False).order_by("slug")
        if options["expo"]:
            if not Expo.objects.filter(slug=options["expo"]).exists():
                raise CommandError(f"No expo has the slug {options['expo']!r}.")
            expos = expos.filter(slug=options["expo"])
        expos = list(expos)
        started = time.monotonic()
        for expo in expired_expos(today, expos=expos):
            waiting = expired_participants(today, expos=[expo]).count()
            self.stdout.write(
                f"{expo.slug}: ended {expo.ends}, kept until {retention_ends(expo)}, {waiting} participant(s) to anonymise"
            )
        total = expired_participants(today, expos=expos).count()
        with tqdm(total=total, unit="participant", file=self.stderr._out, disable=not total) as bar:
            result = purge_expired(today, expos=expos, dry_run=options["dry_run"], progress=bar.update)
        verb = "Would anonymise" if options["dry_run"] else "Anonymised"
        accounts = "would erase" if options["dry_run"] else "erased"
        self.stdout.write(
            f"{verb} {result.participants} participant(s) of {len(result.expos)} expo(s) and {accounts} "
            f"{result.accounts} account(s) in {time.monotonic() - started:.1f} s."
        )
