"""Text no database keeps (issue #19): PostgreSQL refuses a NUL character in text, and no
database stores a lone surrogate (half of a UTF-16 pair, which JSON can carry as
``"\\ud800"``). Such text answered 500 wherever it reached a query or a column. It is
refused once, at the edge: the request middleware checks query strings, form bodies and
JSON bodies, and the importer checks each cell of a file it decodes."""

import json
import re
from collections.abc import Iterator

from django.utils.translation import gettext as _

# A JSON body may hide both behind escapes; only a body holding one is parsed again.
_JSON_ESCAPES = re.compile(rb"\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})")
_SURROGATES = re.compile("[\ud800-\udfff]")


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored, as a phrase that follows a place (a column, a
    field), or None when it can."""
    if "\x00" in text:
        return _("contains a NUL character")
    if _SURROGATES.search(text):
        return _("contains a lone surrogate, not a character")
    return None


def shown(text: str) -> str:
    """A name that may hold the very characters refused, fit to be shown in a message."""
    return _SURROGATES.sub("\ufffd", text.replace("\x00", "\\0"))[:100]


def problems_in_pairs(pairs) -> Iterator[tuple[str, str]]:
    """(name, problem) for each name or value of a QueryDict's lists that cannot be stored."""
    for name, values in pairs:
        if (problem := text_problem(name)) is not None:
            yield shown(name), problem
        for value in values:
            if isinstance(value, str) and (problem := text_problem(value)) is not None:
                yield shown(name), problem


def problems_in_json(value, where: str = "") -> Iterator[tuple[str, str]]:
    """(place, problem) for each key or string of a parsed JSON document that cannot be
    stored; the place is the dotted path of the value (``name.en``, ``parties.2``)."""
    if isinstance(value, str):
        if (problem := text_problem(value)) is not None:
            yield where or "body", problem
    elif isinstance(value, dict):
        for key, item in value.items():
            place = f"{where}.{shown(key)}" if where else shown(key)
            if (problem := text_problem(key)) is not None:
                yield place, problem
            yield from problems_in_json(item, place)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from problems_in_json(item, f"{where}.{index}" if where else str(index))


def problems_in_json_body(body: bytes) -> Iterator[tuple[str, str]]:
    """The problems of a JSON body; a body that is no JSON is left to its reader."""
    if not _JSON_ESCAPES.search(body):
        return
    try:
        document = json.loads(body)
    except ValueError:
        return
    yield from problems_in_json(document)
