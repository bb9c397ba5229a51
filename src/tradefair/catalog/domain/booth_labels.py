"""What a booth on the plan says: its code, and its exhibitor's name shortened to fit.

Sizes are in metres, the plan's unit, so a label grows with the zoom like its booth. A
Latin letter is about 0.6 of the font size wide, a Chinese, Japanese or Korean character
(East Asian width W or F) a whole one; the name loses its legal form first ("Co., Ltd.",
"有限公司", "株式会社"), then is cut at a word where there is one, with an ellipsis. The
SVG clips every label to its booth as well, so a wide glyph never spills over."""

import math
import re
import unicodedata
from dataclasses import dataclass

LEGAL_FORMS = re.compile(
    r"[\s,]*(?:co\.?,?\s*ltd\.?|company\s+limited|corporation|corp\.?|inc\.?|llc|l\.l\.c\.|gmbh|ag|s\.a\.|"
    r"sa|ltd\.?|limited|plc|jsc|ooo|ооо|оао|пао|зао|ао|ххк|xxk|"
    r"有限责任公司|股份有限公司|有限公司|集团公司|株式会社|有限会社|주식회사|\(주\)|㈜)\s*$",
    re.IGNORECASE,
)
LEADING_FORMS = re.compile(r"^(?:株式会社|주식회사|\(주\)|㈜|ооо|оао|пао|зао|ао)\s*", re.IGNORECASE)
ELLIPSIS = "…"
MAX_NAME_LINES = 3


def glyph_width(char: str) -> float:
    """In ems: wide East Asian characters one, others about six tenths."""
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 1.0
    return 0.6


def text_width(text: str) -> float:
    return sum(glyph_width(char) for char in text)


def short_name(name: str) -> str:
    """The name without its legal form, which every neighbour shares."""
    shorter = name.strip()
    for _pass in range(2):
        stripped = LEADING_FORMS.sub("", LEGAL_FORMS.sub("", shorter)).strip(" ,.-")
        if stripped:
            shorter = stripped
    return shorter or name.strip()


def fit(text: str, ems: float) -> str:
    """As much of the text as fits in ``ems``, cut at a word if one ends past the middle."""
    if text_width(text) <= ems:
        return text
    room = ems - glyph_width(ELLIPSIS)
    kept, used = [], 0.0
    for char in text:
        used += glyph_width(char)
        if used > room:
            break
        kept.append(char)
    cut = "".join(kept)
    space = cut.rfind(" ")
    if space > len(cut) / 2:
        cut = cut[:space]
    cut = cut.rstrip(" ,.-")
    return cut + ELLIPSIS if cut else ""


@dataclass(frozen=True)
class Label:
    size: float  # font size in metres
    code: str
    lines: tuple[str, ...]  # the exhibitor's name, on up to three lines


def label(code: str, name: str, *, width: float, depth: float) -> Label:
    """The code on the first line and the name under it, in a size the booth can hold."""
    padding = min(width, depth) * 0.08
    inner_width, inner_depth = width - 2 * padding, depth - 2 * padding
    # Rounded down, so that the lines measured at this size never grow past the booth.
    size = math.floor(max(0.2, min(inner_depth / 5, inner_width / 8, 0.8)) * 100) / 100
    ems = inner_width / size
    lines: list[str] = []
    rest = short_name(name) if name else ""
    room_for = max(0, int(inner_depth / (size * 1.2)) - 1)
    most = min(room_for, MAX_NAME_LINES)
    for line_number in range(most):
        if not rest:
            break
        last = line_number == most - 1
        piece = fit(rest, ems) if last else _first_line(rest, ems)
        lines.append(piece)
        rest = rest[len(piece) :].strip() if not piece.endswith(ELLIPSIS) else ""
    return Label(size=size, code=fit(code, ems), lines=tuple(line for line in lines if line))


def _first_line(text: str, ems: float) -> str:
    """The first line of a name that may go on: broken at a space when it has spaces,
    anywhere in CJK text (which has none)."""
    if text_width(text) <= ems:
        return text
    kept, used = [], 0.0
    for char in text:
        used += glyph_width(char)
        if used > ems:
            break
        kept.append(char)
    piece = "".join(kept)
    space = piece.rfind(" ")
    return piece[:space] if space > 0 else piece
