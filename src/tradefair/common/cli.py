"""The ``tradefair`` command: every Django management command under one name, plus
``match-file``, which runs the engine on a round file without starting Django."""

import os
import sys


def terminal_language() -> str:
    """Messages of commands speak the terminal's language (LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG, as gettext reads them) when Tradefair has it, and English otherwise: an
    operator's shell is not the expo's default language."""
    from django.utils.translation import get_supported_language_variant

    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(name, "")
        for candidate in value.split(":"):
            code = candidate.split(".")[0].split("@")[0].replace("_", "-").lower()
            if not code or code in ("c", "posix"):
                continue
            try:
                return get_supported_language_variant(code)
            except LookupError:
                continue
        if value:
            break
    return "en"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "match-file":
        from tradefair.engine.cli import main as match_file

        return match_file(argv[2:])
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")
    import django
    from django.core.management import execute_from_command_line
    from django.utils import translation

    django.setup()
    translation.activate(terminal_language())
    argv[0] = "tradefair"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
