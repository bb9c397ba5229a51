"""``tradefair serve``: the production-style server (gunicorn) for one machine."""

import os

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Serve Tradefair with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("TRADEFAIR_HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("TRADEFAIR_PORT", "8000")))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("TRADEFAIR_WORKERS", "3")))

    def handle(self, *args, **options):
        if not 0 < options["port"] < 65536:
            raise CommandError("The port must be between 1 and 65535.")
        from gunicorn.app.wsgiapp import WSGIApplication

        argv = [
            "gunicorn",
            "tradefair.wsgi:application",
            "--bind",
            f"{options['host']}:{options['port']}",
            "--workers",
            str(options["workers"]),
            "--access-logfile",
            "-",
            "--timeout",
            "120",
        ]
        self.stdout.write(f"Serving on http://{options['host']}:{options['port']}/", ending="\n")
        self.stdout.flush()
        os.sys.argv = argv
        WSGIApplication("%(prog)s [OPTIONS] [APP_MODULE]").run()
