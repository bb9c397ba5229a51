"""The communiqué as PDF (reportlab). Chinese, Japanese and Korean use the Adobe CID fonts
built into every PDF reader (STSong-Light, HeiseiMin-W3, HYSMyeongJo-Medium), so nothing is
embedded for them; every other script, Cyrillic and Mongolian included, uses DejaVu Sans
from Debian's fonts-dejavu-core, embedded as a subset."""

import io

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from tradefair.common.pdf_fonts import (
    CHINESE,
    JAPANESE,
    KOREAN,
    LATIN,
    LATIN_BOLD,
    font_markup,
    register_fonts,
    visual,
)
from tradefair.reports.domain.communique import Communique

CID_FONTS = {"zh": CHINESE, "ja": JAPANESE, "ko": KOREAN}


def _font_for(language: str) -> tuple[str, str]:
    """(regular, bold) font names for a language, from the fonts every PDF shares."""
    register_fonts()
    cid = CID_FONTS.get(language.split("-")[0])
    return (cid, cid) if cid else (LATIN, LATIN_BOLD)


RTL_LANGUAGES = {"ar", "fa", "he", "ur"}


def render_pdf(communique: Communique) -> bytes:
    language = communique.language
    rtl = language.split("-")[0] in RTL_LANGUAGES

    regular, bold = _font_for(communique.language)

    def escape(text: str) -> str:
        """Arabic shaped and in visual order (reportlab draws left to right as given),
        each script in a font that has it."""
        return font_markup(visual(str(text)), base_font=regular, language=language)

    wrap = "CJK" if communique.language.split("-")[0] in {"zh", "ja"} else None
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=10.5,
        leading=15,
        wordWrap=wrap,
        spaceAfter=6,
        alignment=TA_RIGHT if rtl else TA_LEFT,
    )
    title = ParagraphStyle("title", parent=body, fontName=bold, fontSize=18, leading=24, spaceAfter=4)
    subtitle = ParagraphStyle("subtitle", parent=body, fontSize=9, textColor=colors.HexColor("#5b6576"))
    heading = ParagraphStyle("heading", parent=body, fontName=bold, fontSize=12.5, leading=18, spaceBefore=10)
    warning = ParagraphStyle("warning", parent=body, textColor=colors.HexColor("#8c1d18"))
    cell = ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11, spaceAfter=0, alignment=TA_LEFT)
    cell_right = ParagraphStyle("cell_right", parent=cell, alignment=TA_RIGHT)
    head_cell = ParagraphStyle("head_cell", parent=cell, fontName=bold)
    head_right = ParagraphStyle("head_right", parent=head_cell, alignment=TA_RIGHT)

    story = [Paragraph(escape(communique.title), title), Paragraph(escape(communique.subtitle), subtitle)]
    story.append(Spacer(1, 4 * mm))
    story += [Paragraph(escape(text), body) for text in communique.paragraphs]
    story += [Paragraph(escape(text), warning) for text in communique.warnings]
    page = landscape(A4)  # the detailed tables need the width: amounts are given to the fen
    width = page[0] - 30 * mm
    for table in communique.tables:
        story.append(Paragraph(escape(table.title), heading))
        if not table.rows:
            story.append(Paragraph("—", body))
            continue
        data = [
            [
                Paragraph(escape(column), head_right if numeric else head_cell)
                for column, numeric in zip(table.columns, table.numeric, strict=True)
            ]
        ]
        for row in table.rows:
            data.append(
                [
                    Paragraph(escape(text), cell_right if numeric else cell)
                    for text, numeric in zip(row, table.numeric, strict=True)
                ]
            )
        first = width * (0.22 if len(table.columns) > 4 else 0.4)
        rest = (width - first) / max(1, len(table.columns) - 1)
        grid = Table(data, colWidths=[first] + [rest] * (len(table.columns) - 1), repeatRows=1)
        grid.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef1f6")),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.HexColor("#dde2ea")),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                ]
            )
        )
        story.append(grid)
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=page,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=communique.title,
        lang=communique.language,
    )
    document.build(story)
    return buffer.getvalue()
