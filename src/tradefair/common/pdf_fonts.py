"""Fonts for every PDF (badges, letters, the communiqué), chosen by the script of each text.

CJK text uses the Adobe CID fonts built into reportlab (STSong-Light for Chinese,
HeiseiMin-W3 for Japanese kana, HYSMyeongJo-Medium for Hangul): nothing to embed, and
every PDF reader ships them or a substitute. Latin, Cyrillic (Russian, Mongolian) and
Greek use DejaVu Sans (Debian fonts-dejavu-core); Arabic uses Noto Sans Arabic (Debian
fonts-noto-core), shaped with arabic-reshaper and ordered with python-bidi because a
PDF draws glyphs left to right as given.
"""

import functools
import re
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfbase.ttfonts import TTFont

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
    except FileNotFoundError:
        pdfmetrics.registerFont(TTFont(ARABIC, _find("DejaVuSans.ttf")))
    for name in (CHINESE, JAPANESE, KOREAN):
        pdfmetrics.registerFont(UnicodeCIDFont(name))


def font_for(text: str, *, language: str = "", bold: bool = False) -> str:
    """The font that has glyphs for ``text``; Han characters are drawn in the Japanese
    font when the text also has kana or the holder writes Japanese."""
    if _HANGUL.search(text):
        return KOREAN
    if _KANA.search(text):
        return JAPANESE
    if _HAN.search(text):
        return JAPANESE if language == "ja" else CHINESE
    if _ARABIC.search(text):
        return ARABIC
    return LATIN_BOLD if bold else LATIN


def _script_font(char: str, language: str) -> str | None:
    """The font a character needs, or None when any of our fonts draws it (Latin, digits,
    punctuation, Cyrillic: the CID fonts carry those too)."""
    if _HANGUL.match(char):
        return KOREAN
    if _KANA.match(char):
        return JAPANESE
    if _HAN.match(char):
        return JAPANESE if language == "ja" else CHINESE
    if _ARABIC.match(char):
        return ARABIC
    return None


def font_markup(text: str, *, base_font: str, language: str = "") -> str:
    """``text`` as reportlab paragraph markup, with each run of another script wrapped in
    the font that has its glyphs: an Arabic communiqué names a Chinese expo, a Chinese
    one a Korean company. Characters any font draws stay in the run they are in."""
    runs: list[tuple[str | None, str]] = []
    for char in text:
        font = _script_font(char, language)
        if font is None and runs:
            font = runs[-1][0]
        if runs and runs[-1][0] == font:
            runs[-1] = (font, runs[-1][1] + char)
        else:
            runs.append((font, char))
    parts = []
    for font, run in runs:
        escaped = xml_escape(run)
        parts.append(escaped if font in (None, base_font) else f'<font name="{font}">{escaped}</font>')
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
    """Draw one line in the font its script needs, shrunk to fit ``width``; returns the size used."""
    if not text:
        return 0
    font = font_for(text, language=language, bold=bold)
    shown = visual(text)
    size = fit_size(shown, font, width=width, largest=size, smallest=smallest)
    if bold and font not in (LATIN_BOLD,):
        # The CID and Arabic fonts have no bold face: stroke the outline as well as
        # filling it, as print shops do.
        line_width = pdfmetrics.stringWidth(shown, font, size)
        start = {"center": x - line_width / 2, "right": x - line_width}.get(align, x)
        canvas.saveState()
        text_object = canvas.beginText(start, y)
        text_object.setFont(font, size)
        text_object.setTextRenderMode(2)
        canvas.setLineWidth(size / 28)
        canvas.setStrokeColor(canvas._fillColorObj)
        text_object.textOut(shown)
        canvas.drawText(text_object)
        canvas.restoreState()
        return size
    canvas.setFont(font, size)
    if align == "center":
        canvas.drawCentredString(x, y, shown)
    elif align == "right":
        canvas.drawRightString(x, y, shown)
    else:
        canvas.drawString(x, y, shown)
    return size
