"""``tradefair upload-schedule --round ID FILE``: store a schedule made elsewhere (a
tradefair-schedule/1 file, plain or gzipped JSON) for a round, as the round page's
upload does. The engine validates it against the round's last instance first; the
meetings are replaced in one transaction. Exit 0 when stored, 1 when the schedule is
refused, 2 for a missing round or an unreadable file."""

import gzip
import zlib
from pathlib import Path

import orjson
from django.core.management.base import BaseCommand, CommandError

from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.errors import MatchmakingError
from tradefair.matchmaking.models import Round


def read_schedule_file(path: Path) -> dict:
    """The JSON document in path, gunzipped first when it starts with gzip's magic bytes
    (the round page offers schedules as .json.gz)."""
    raw = path.read_bytes()
    return orjson.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)


class Command(BaseCommand):
    help = "Validate a schedule file against a round's instance and store its meetings."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--round", type=int, required=True, help="id of the round")

    def handle(self, *args, **options):
        round_ = Round.objects.select_related("expo").filter(pk=options["round"]).first()
        if round_ is None:
            raise CommandError(f"No round has the id {options['round']}.", returncode=2)
        path = Path(options["file"])
        try:
            data = read_schedule_file(path)
        except OSError as error:
            raise CommandError(f"{path}: {error.strerror or error}", returncode=2) from error
        except (orjson.JSONDecodeError, EOFError, zlib.error) as error:
            raise CommandError(f"{path}: not a JSON file ({error}).", returncode=2) from error
        try:
            stored = round_actions.upload_schedule(round_, data, by=OPERATOR)
        except MatchmakingError as error:
            raise CommandError(f"{error.code}: {error.message}", returncode=1) from error
        self.stdout.write(f"Round {round_.pk}: {stored} meetings stored from {path.name}.")
