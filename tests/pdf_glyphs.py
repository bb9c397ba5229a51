"""Checking that a PDF shows no empty boxes (tofu): every page is rendered (pypdfium2),
and every character drawn on it is looked up in the font that draws it — the embedded
TrueType fonts through their own glyph table (fontTools reads the font file), the Adobe
CID fonts through their character collection (GBK for Adobe-GB1, Shift_JIS-2004 for
Adobe-Japan1, CP949 for Adobe-Korea1)."""

import ctypes
import functools
import unicodedata

import pypdfium2
import pypdfium2.raw as pdfium_c
from fontTools.ttLib import TTFont

from tradefair.common import pdf_fonts

CID_COLLECTIONS = {
    pdf_fonts.CHINESE: "gbk",
    pdf_fonts.JAPANESE: "shift_jis_2004",
    pdf_fonts.KOREAN: "cp949",
}
FONT_FILES = {
    pdf_fonts.LATIN: "DejaVuSans.ttf",
    pdf_fonts.LATIN_BOLD: "DejaVuSans-Bold.ttf",
    pdf_fonts.ARABIC: "NotoSansArabic-Regular.ttf",
    "NotoSansArabic-Regular": "NotoSansArabic-Regular.ttf",  # its PostScript name
}


@functools.cache
def _cmap(font: str) -> frozenset[int]:
    return frozenset(TTFont(pdf_fonts._find(FONT_FILES[font])).getBestCmap())


def _font_of(text_page, index: int) -> str:
    size = pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, None, 0, None)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFText_GetFontInfo(text_page.raw, index, buffer, size, None)
    name = buffer.value.decode("utf-8", "replace")
    return name.split("+", 1)[-1]


def _covered(font: str, char: str) -> bool:
    if font in CID_COLLECTIONS:
        if " " <= char <= "~":
            return True
        try:
            char.encode(CID_COLLECTIONS[font])
        except UnicodeEncodeError:
            return False
        return True
    if font in FONT_FILES:
        return ord(char) in _cmap(font)
    raise AssertionError(f"unexpected font {font!r} in the PDF")


def tofu(data: bytes) -> list[tuple[int, str, str]]:
    """(page, character, font) for every character drawn in a font without its glyph."""
    document = pypdfium2.PdfDocument(data)
    missing = []
    try:
        for number, page in enumerate(document, start=1):
            bitmap = page.render(scale=1).to_pil()
            assert bitmap.getbbox() is not None and bitmap.convert("L").getextrema()[0] < 128, "blank page"
            text_page = page.get_textpage()
            for index in range(text_page.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(text_page.raw, index):
                    continue
                code = pdfium_c.FPDFText_GetUnicode(text_page.raw, index)
                font = _font_of(text_page, index)
                if code == 0:  # a glyph that maps to no character: .notdef
                    missing.append((number, "\x00", font))
                    continue
                char = chr(code)
                if char.isspace() or unicodedata.category(char) in ("Cc", "Cf"):
                    continue
                if not _covered(font, char):
                    missing.append((number, char, font))
    finally:
        document.close()
    return missing


def fonts_of(data: bytes, needle: str) -> set[str]:
    """The fonts the characters of ``needle`` are drawn in, wherever they appear."""
    document = pypdfium2.PdfDocument(data)
    found = set()
    try:
        for page in document:
            text_page = page.get_textpage()
            for index in range(text_page.count_chars()):
                code = pdfium_c.FPDFText_GetUnicode(text_page.raw, index)
                if code and chr(code) in needle and not chr(code).isspace():
                    found.add(_font_of(text_page, index))
    finally:
        document.close()
    return found
