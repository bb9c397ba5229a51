"""``tradefair import FILE --expo SLUG [--dry-run]``: participants, organisations,
exhibitors and products from CSV or XLSX. Exit 0 when imported (or valid on a dry
run), 1 when row problems left everything unwritten, 2 for an unreadable file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tradefair.expos.models import Expo
from tradefair.people.domain.imports import (
    UnreadableFile,
    check_upload_size,
    import_sheets,
    read_sheets,
    total_work,
)


class Command(BaseCommand):
    help = "Import participants, organisations, exhibitors and products from a CSV or XLSX file."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--expo", required=True, help="slug of the expo")
        parser.add_argument("--dry-run", action="store_true", help="check every row, write nothing")

    def handle(self, *args, **options):
        expo = Expo.objects.filter(slug=options["expo"]).first()
        if expo is None:
            raise CommandError(f"No expo with the slug {options['expo']!r}.", returncode=2)
        path = Path(options["file"])
        try:
            check_upload_size(path.stat().st_size, path.name)
            data = path.read_bytes()
            sheets = read_sheets(data, path.name)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}", returncode=2) from error
        except UnreadableFile as error:
            raise CommandError(str(error), returncode=2) from error
        work = total_work(sheets) // (2 if options["dry_run"] else 1)
        with tqdm(total=work, unit="row", desc="import", disable=None, file=self.stderr._out) as bar:
            result = import_sheets(
                expo=expo, sheets=sheets, filename=path.name, dry_run=options["dry_run"], progress=bar.update
            )
        for problem in result.problems:
            self.stdout.write(str(problem))
        if result.kept_shared:
            self.stdout.write(
                f"{len(result.kept_shared)} organisation(s) other expos use were linked and kept as they are "
                f"(platform staff change shared records): {', '.join(result.kept_shared[:20])}"
            )
        if result.problems:
            raise CommandError(
                f"{len(result.problems)} problem(s) in {result.rows} rows; nothing was written.", returncode=1
            )
        if options["dry_run"]:
            self.stdout.write(f"{path.name}: {result.rows} rows, all valid; nothing written (dry run).")
        else:
            self.stdout.write(
                f"{path.name}: {result.rows} rows imported into {expo.slug} ({result.summary()})."
            )
