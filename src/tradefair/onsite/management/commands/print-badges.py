"""``tradefair print-badges --expo SLUG -o FILE [--format a6|label] [--role R] [--country CC]``:
badges of every approved participant, as one PDF (``.pdf``) or a ZIP of PDFs of
``--batch`` badges each (``.zip``), with a progress bar."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from tradefair.expos.models import Expo
from tradefair.onsite.domain.badges import (
    all_badge_contents,
    badge_batches,
    printable_participants,
    render_badges,
    stream_zip,
)
from tradefair.onsite.models import BadgeFormat
from tradefair.people.models import Role


class Command(BaseCommand):
    help = "Print the badges of an expo's approved participants to a PDF or a ZIP of PDFs."

    def add_arguments(self, parser):
        parser.add_argument("--expo", required=True, help="slug of the expo")
        parser.add_argument("-o", "--output", required=True, help="a .pdf or .zip file")
        parser.add_argument("--format", default=BadgeFormat.A6, choices=BadgeFormat.values)
        parser.add_argument("--role", default="", choices=["", *Role.values])
        parser.add_argument("--country", default="", help="ISO 3166 code")
        parser.add_argument("--batch", type=int, default=1000, help="badges per PDF in a ZIP")

    def handle(self, *args, **options):
        expo = Expo.objects.filter(slug=options["expo"]).first()
        if expo is None:
            raise CommandError(f"No expo with the slug {options['expo']!r}.")
        output = Path(options["output"])
        if output.suffix.lower() not in (".pdf", ".zip"):
            raise CommandError("The output must end in .pdf or .zip.")
        participants = printable_participants(expo, role=options["role"], country=options["country"])
        total = participants.count()
        fmt = options["format"]
        with (
            tqdm(total=total, unit="badge", desc="badges", disable=None, file=self.stderr._out) as bar,
            output.open("wb") as target,
        ):
            if output.suffix.lower() == ".pdf":
                render_badges(
                    all_badge_contents(expo, participants), fmt=fmt, output=target, progress=bar.update
                )
            else:
                batches = badge_batches(
                    expo, participants, fmt=fmt, batch=options["batch"], progress=bar.update
                )
                files = ((f"badges-{expo.slug}-{fmt}-{number:03d}.pdf", pdf) for number, pdf in batches)
                for part in stream_zip(files):
                    target.write(part)
        self.stdout.write(f"{total} badges ({fmt}) of {expo.slug} written to {output}.")
