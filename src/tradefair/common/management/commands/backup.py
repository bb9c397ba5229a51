"""``tradefair backup FILE``: the whole database as portable JSON (``.gz`` compresses)."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tradefair.common.backup import check_backup, write_backup


class Command(BaseCommand):
    help = "Write the whole database to FILE (JSON; FILE.json.gz is compressed)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        path: Path = options["file"]
        if not path.parent.exists():
            raise CommandError(f"{path.parent}: no such folder")
        started = time.monotonic()
        write_backup(path, progress=options["verbosity"] > 0)
        count = check_backup(path)
        self.stderr.write(
            f"Backed up {count} objects to {path} ({path.stat().st_size / 2**20:.1f} MiB) "
            f"in {time.monotonic() - started:.1f} s."
        )
