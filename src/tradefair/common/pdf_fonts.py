"""Fonts for every PDF (badges, letters, the communiqué), chosen character by character
from the fonts that have a glyph for it, so that no text shows as empty boxes (tofu).

CJK text uses the Adobe CID fonts built into reportlab (STSong-Light for Chinese,
HeiseiMin-W3 for Japanese, HYSMyeongJo-Medium for Korean): nothing to embed, and every
PDF reader ships them or a substitute. What each covers is its character collection
(Adobe-GB1, Adobe-Japan1, Adobe-Korea1), tested through the matching codec (GBK,
Shift_JIS-2004, CP949). Latin, Cyrillic (Russian, Mongolian) and Greek use DejaVu Sans
(Debian fonts-dejavu-core); Arabic uses Noto Sans Arabic (Debian fonts-noto-core),
shaped with arabic-reshaper and ordered with python-bidi because a PDF draws glyphs left
to right as given. Noto Sans Arabic has no Latin letters and the CID fonts no Arabic, so
one line of an Arabic letter that names "Changchun" or a Chinese expo is drawn in runs,
each in a font whose glyph table (cmap) holds its characters.
"""

import functools
import logging
import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)

FONT_DIRS = [
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/truetype/noto"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/share/fonts/noto"),
]
LATIN = "DejaVuSans"
LATIN_BOLD = "DejaVuSans-Bold"
ARABIC = "NotoSansArabic"
CHINESE = "STSong-Light"
JAPANESE = "HeiseiMin-W3"
KOREAN = "HYSMyeongJo-Medium"

_HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]")
_KANA = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")
_HAN = re.compile(r"[\u2e80-\u2fdf\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")
_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]")


def _find(filename: str) -> Path:
    for folder in FONT_DIRS:
        if (folder / filename).exists():
            return folder / filename
    raise FileNotFoundError(
        f"font {filename} not found in {', '.join(map(str, FONT_DIRS))}; "
        "install the Debian packages fonts-dejavu-core and fonts-noto-core"
    )


@functools.cache
def register_fonts() -> None:
    pdfmetrics.registerFont(TTFont(LATIN, _find("DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(LATIN_BOLD, _find("DejaVuSans-Bold.ttf")))
    try:
        pdfmetrics.registerFont(TTFont(ARABIC, _find("NotoSansArabic-Regular.ttf")))
    except FileNotFoundError as error:
        logger.warning("%s: Arabic PDFs fall back to DejaVu Sans, which lacks some Arabic letters", error)
        pdfmetrics.registerFont(TTFont(ARABIC, _find("DejaVuSans.ttf")))
    for name in (CHINESE, JAPANESE, KOREAN):
        pdfmetrics.registerFont(UnicodeCIDFont(name))


CID_COLLECTIONS = {CHINESE: "gbk", JAPANESE: "shift_jis_2004", KOREAN: "cp949"}
CJK_FONTS = (CHINESE, JAPANESE, KOREAN)
ALL_FONTS = (LATIN, ARABIC, CHINESE, JAPANESE, KOREAN)


@functools.lru_cache(maxsize=65536)
def covers(font: str, char: str) -> bool:
    """Whether ``font`` has a glyph for ``char`` (not .notdef)."""
    if char in "\n\r\t":
        return True
    if font in CID_COLLECTIONS:
        if " " <= char <= "~":
            return True
        try:
            char.encode(CID_COLLECTIONS[font])
        except UnicodeEncodeError:
            return False
        return True
    register_fonts()
    return ord(char) in pdfmetrics.getFont(font).face.charToGlyph


def _designated(char: str, language: str, japanese: bool) -> tuple[str, ...]:
    """The fonts a character of a script with fonts of its own is drawn in, best first;
    empty for Latin, Cyrillic, digits and punctuation."""
    if _HANGUL.match(char):
        return (KOREAN,)
    if _KANA.match(char):
        return (JAPANESE,)
    if _HAN.match(char):
        first = JAPANESE if japanese else CHINESE
        return (first, *(font for font in CJK_FONTS if font != first))
    if _ARABIC.match(char):
        return (ARABIC, LATIN)
    return ()


def font_runs(text: str, *, base_font: str = LATIN, language: str = "") -> list[tuple[str, str]]:
    """``text`` cut into (font, run) pieces, each run in a font that covers all of it.
    A character of a script with fonts of its own (Han, kana, Hangul, Arabic) gets its
    script's font; any other stays in the run it is in while that font covers it, then
    tries the base font and every other. Han is Japanese for a Japanese reader or next to
    kana (Japanese names use Japanese glyph shapes)."""
    japanese = language == "ja" or bool(_KANA.search(text))
    runs: list[tuple[str, str]] = []
    for char in text:
        current = runs[-1][0] if runs else base_font
        designated = _designated(char, language, japanese)
        if designated:
            font = next((f for f in designated if covers(f, char)), designated[0])
            if current in designated and covers(current, char) and current == designated[0]:
                font = current
        elif covers(current, char):
            font = current
        else:
            others = (base_font, LATIN, *ALL_FONTS)
            font = next((f for f in others if covers(f, char)), base_font)
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    return runs


def font_for(text: str, *, language: str = "", bold: bool = False) -> str:
    """The font of the first run of ``text`` (the one a line of it starts in)."""
    base = LATIN_BOLD if bold else LATIN
    runs = font_runs(text, base_font=base, language=language)
    return runs[0][0] if runs else base


def font_markup(text: str, *, base_font: str, language: str = "") -> str:
    """``text`` as reportlab paragraph markup, with each run of another script wrapped in
    the font that has its glyphs: an Arabic communiqué names a Chinese expo, a Chinese
    one a Korean company. Characters any font draws stay in the run they are in."""
    parts = []
    for font, run in font_runs(text, base_font=base_font, language=language):
        escaped = xml_escape(run)
        parts.append(escaped if font == base_font else f'<font name="{font}">{escaped}</font>')
    return "".join(parts)


@functools.lru_cache(maxsize=4096)
def visual(text: str) -> str:
    """Arabic letters joined and laid out right to left; other text unchanged."""
    if not _ARABIC.search(text):
        return text
    import arabic_reshaper
    from bidi.algorithm import get_display

    return get_display(arabic_reshaper.reshape(text))


def fit_size(text: str, font: str, *, width: float, largest: float, smallest: float = 6) -> float:
    """The largest font size up to ``largest`` at which ``text`` fits in ``width``."""
    natural = pdfmetrics.stringWidth(text, font, 1) or 1
    return max(smallest, min(largest, width / natural))


def runs_width(runs: list[tuple[str, str]], size: float) -> float:
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in runs)


def draw_text(
    canvas,
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    width: float,
    language: str = "",
    bold: bool = False,
    align: str = "left",
    smallest: float = 6,
) -> float:
    """Draw one line, each run in a font that has its glyphs, shrunk to fit ``width``;
    returns the size used."""
    if not text:
        return 0
    register_fonts()
    shown = visual(text)
    runs = font_runs(shown, base_font=LATIN_BOLD if bold else LATIN, language=language)
    natural = runs_width(runs, 1) or 1
    size = max(smallest, min(size, width / natural))
    total = runs_width(runs, size)
    cursor = {"center": x - total / 2, "right": x - total}.get(align, x)
    for font, run in runs:
        text_object = canvas.beginText(cursor, y)
        text_object.setFont(font, size)
        if bold and font != LATIN_BOLD:
            # The CID and Arabic fonts have no bold face: stroke the outline as well as
            # filling it, as print shops do.
            canvas.saveState()
            text_object.setTextRenderMode(2)
            canvas.setLineWidth(size / 28)
            canvas.setStrokeColor(canvas._fillColorObj)
            text_object.textOut(run)
            canvas.drawText(text_object)
            canvas.restoreState()
        else:
            text_object.textOut(run)
            canvas.drawText(text_object)
        cursor += pdfmetrics.stringWidth(run, font, size)
    return size
