"""The ``tradefair`` command: every Django management command under one name, plus
``match-file``, which runs the engine on a round file without starting Django."""

import os
import sys


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "match-file":
        from tradefair.engine.cli import main as match_file

        return match_file(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")
    from django.core.management import execute_from_command_line

    argv[0] = "tradefair"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
