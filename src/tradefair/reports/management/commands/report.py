"""``tradefair report --expo SLUG --format json|md|pdf|xlsx [--lang LANG] [-o FILE] [--live]``:
the results communiqué (spec/interfaces.md): the published snapshot once the results are
published, the live figures before (or with ``--live``)."""

import sys
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tradefair.expos.models import Expo
from tradefair.reports.rendering.report import FORMATS, render_report


class Command(BaseCommand):
    help = "Write the results communiqué of an expo as JSON, Markdown, PDF or XLSX."

    def add_arguments(self, parser):
        parser.add_argument("--expo", required=True, help="the expo's slug")
        parser.add_argument("--format", required=True, choices=sorted(FORMATS))
        parser.add_argument("--lang", default=None, help="language of the text (default: the expo's first)")
        parser.add_argument("-o", "--output", default=None, help="file to write (default: standard output)")
        parser.add_argument(
            "--live",
            action="store_true",
            help="the organisers' draft from the live figures, not the published snapshot",
        )

    def handle(self, *args, **options):
        expo = Expo.objects.filter(slug=options["expo"]).first()
        if expo is None:
            raise CommandError(f"No expo has the slug {options['expo']!r}.")
        known = {code for code, _name in settings.LANGUAGES}
        language = options["lang"] or (expo.languages[0] if expo.languages else settings.LANGUAGE_CODE)
        if language not in known:
            raise CommandError(f"Unknown language {language!r}; choose one of {', '.join(sorted(known))}.")
        started = time.monotonic()
        content = render_report(expo, file_format=options["format"], language=language, live=options["live"])
        if options["output"]:
            with open(options["output"], "wb") as handle:
                handle.write(content)
            where = options["output"]
        else:
            self.stdout.flush()
            sys.stdout.buffer.write(content)
            sys.stdout.flush()
            where = "standard output"
        from tradefair.reports.domain.publication import current_publication

        publication = current_publication(expo)
        which = f"publication {publication.number}" if publication and not options["live"] else "live figures"
        self.stderr.write(
            f"Wrote the {options['format']} communiqué of {expo.slug} ({which}) in {language} "
            f"({len(content)} bytes) to {where} in {time.monotonic() - started:.1f} s."
        )
