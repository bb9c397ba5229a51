"""``tradefair restore FILE``: replace the database's contents with a backup."""

import time
from pathlib import Path

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

from tradefair.common.backup import restore_backup
from tradefair.common.errors import DomainError


class Command(BaseCommand):
    help = "Replace every row of the database with those of a backup made by `tradefair backup`."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, **options):
        started = time.monotonic()
        try:
            count = restore_backup(options["file"])
        except DomainError as error:
            raise CommandError(error.message) from None
        # Search indexes are derived data outside the models: rebuild them from the rows.
        if "rebuild-search" in get_commands():
            call_command("rebuild-search", verbosity=0)
        self.stderr.write(
            f"Restored {count} objects from {options['file']} in {time.monotonic() - started:.1f} s."
        )
