"""Whole-database backup and restore through Django's serialisers, so that a backup
taken on SQLite restores on PostgreSQL and back. Natural keys stand in for content
types and permissions, whose numeric ids differ between databases."""

import gzip
import json
from pathlib import Path

from django.core.management import call_command
from django.db import transaction

from tradefair.common.errors import DomainError

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def write_backup(path: Path, *, progress: bool = False) -> None:
    call_command(
        "dumpdata",
        natural_foreign=True,
        natural_primary=True,
        exclude=EXCLUDED,
        output=str(path),
        verbosity=1 if progress else 0,
    )


def check_backup(path: Path) -> int:
    """Read the whole file before anything is deleted: a truncated or foreign file must
    leave the database as it was. Returns the number of objects."""
    try:
        opener = gzip.open if path.suffix == ".gz" else open
        with opener(path, "rt", encoding="utf-8") as handle:
            objects = json.load(handle)
    except FileNotFoundError:
        raise DomainError("backup_missing", f"{path}: no such file") from None
    except (OSError, EOFError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DomainError("backup_unreadable", f"{path}: not a Tradefair backup ({error})") from None
    if not isinstance(objects, list) or any(not isinstance(o, dict) or "model" not in o for o in objects):
        raise DomainError("backup_unreadable", f"{path}: not a Tradefair backup (expected a list of objects)")
    return len(objects)


def restore_backup(path: Path) -> int:
    """Replace every row with the backup's, in one transaction: either the whole backup
    is in, or the database is unchanged."""
    count = check_backup(path)
    with transaction.atomic():
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(path), verbosity=0)
    return count
