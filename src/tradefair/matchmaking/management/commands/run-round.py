"""``tradefair run-round ROUND_ID [--seed N]``: schedule a matchmaking round in this process."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tradefair.common.errors import DomainError
from tradefair.common.permissions import OPERATOR
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.report import report_data
from tradefair.matchmaking.models import Round

PHASES = ["instance", "selection", "placement", "repair", "fill", "compaction", "bound", "exact", "done"]


class Command(BaseCommand):
    help = "Build a round's instance, run the engine and store the meetings, showing the solver's phases."

    def add_arguments(self, parser):
        parser.add_argument("round", type=int)
        parser.add_argument("--seed", type=int, default=0)

    def handle(self, *args, **options):
        round_ = Round.objects.select_related("expo").filter(pk=options["round"]).first()
        if round_ is None:
            raise CommandError(f"No round has the id {options['round']}.")
        started = time.monotonic()
        with tqdm(total=len(PHASES), desc=f"round {round_.pk}", unit="phase", file=self.stderr._out) as bar:

            def advance(phase: str, note: str) -> None:
                bar.set_postfix_str(f"{phase} {note}".strip())
                bar.update(1)

            try:
                round_ = round_actions.schedule_round(
                    round_, by=OPERATOR, seed=options["seed"], in_process=True, on_progress=advance
                )
            except DomainError as error:
                raise CommandError(error.message) from error
        engine, baseline = report_data(round_)["engine"], report_data(round_)["baseline"]
        self.stdout.write(
            f"Round {round_.pk}: {engine['meetings']} meetings (first come, first served {baseline['meetings']}), "
            f"value {engine['weight']:.1f} vs {baseline['weight']:.1f}, "
            f"{engine['participants_without_meeting']} without a meeting vs {baseline['participants_without_meeting']}, "
            f"in {time.monotonic() - started:.1f} s."
        )
