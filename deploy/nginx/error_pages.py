#!/usr/bin/env python3
"""nginx's own "temporarily unavailable" answers, in the ten languages of the platform.

When no web node answers (all restarting, or a node timing out), nginx answers itself:
its built-in 502/504 page is English and says "Bad Gateway". deploy/nginx/tradefair.conf
serves these files instead, with status 503 and Retry-After: ``unavailable.html`` for
pages, ``unavailable.json`` for /api/. Their texts are the platform's own translations
(the messages of common/unavailable.py and 503.html), taken from the catalogs:

    .venv/bin/python deploy/nginx/error_pages.py          # writes deploy/nginx/errors/
    .venv/bin/python deploy/nginx/error_pages.py --check  # fails when they are stale
"""

from __future__ import annotations

import html
import json
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LOCALE = ROOT / "src" / "tradefair" / "locale"
OUT = Path(__file__).resolve().parent / "errors"
# The order of the page: English first, then as the language menu lists them.
LANGUAGES = ["en", "zh_Hans", "ru", "mn", "ko", "ja", "ar", "de", "fr", "es"]
TAGS = {"zh_Hans": "zh-Hans"}
TITLE = "Temporarily unavailable"
MESSAGE = "The platform is briefly unavailable. Please try again in a minute."


def texts() -> dict[str, tuple[str, str]]:
    found = {}
    for language in LANGUAGES:
        catalog = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
        title, message = catalog.find(TITLE), catalog.find(MESSAGE)
        found[language] = (
            (title.msgstr if title and title.msgstr else TITLE),
            (message.msgstr if message and message.msgstr else MESSAGE),
        )
    return found


def page(found: dict[str, tuple[str, str]]) -> str:
    sections = []
    for language, (title, message) in found.items():
        tag = TAGS.get(language, language)
        direction = ' dir="rtl"' if language == "ar" else ""
        sections.append(
            f'<section lang="{tag}"{direction}><h2>{html.escape(title)}</h2><p>{html.escape(message)}</p></section>'
        )
    body = "\n".join(sections)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta http-equiv="refresh" content="30">\n'
        f"<title>{TITLE} · Tradefair</title>\n"
        "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem;"
        "color:#1d2430;line-height:1.5}h2{font-size:1.15rem;margin:1.2rem 0 .2rem}"
        "p{margin:0}section{border-bottom:1px solid #d8dde5;padding-bottom:.6rem}"
        "[dir=rtl]{text-align:right}</style></head>\n"
        f'<body><h1>Tradefair</h1>\n{body}\n<p><a href="/">Tradefair</a></p></body></html>\n'
    )


def document(found: dict[str, tuple[str, str]]) -> str:
    messages = {TAGS.get(language, language): message for language, (_title, message) in found.items()}
    return (
        json.dumps(
            {"detail": found["en"][1], "code": "unavailable", "messages": messages}, ensure_ascii=False
        )
        + "\n"
    )


def main(argv: list[str]) -> int:
    found = texts()
    wanted = {"unavailable.html": page(found), "unavailable.json": document(found)}
    if "--check" in argv:
        stale = [name for name, text in wanted.items() if (OUT / name).read_text(encoding="utf-8") != text]
        if stale:
            print(f"stale: {', '.join(stale)} (run deploy/nginx/error_pages.py)")
            return 1
        return 0
    OUT.mkdir(exist_ok=True)
    for name, text in wanted.items():
        (OUT / name).write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
