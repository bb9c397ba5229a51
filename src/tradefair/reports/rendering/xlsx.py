"""The communiqué as a workbook: the statement and key figures on the first sheet, one
sheet per table, and the deals behind the figures with their rates, so that every total
can be re-added in a spreadsheet. Figures, amounts and rates are numeric cells (a
spreadsheet sums them); headings are in the reader's language. Written in openpyxl's
streaming mode through common.spreadsheets (no cell becomes a formula): a fair with tens
of thousands of deals is written row by row, not held as cell objects."""

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tradefair.common.spreadsheets import sheet_title, xlsx_cell, xlsx_row
from tradefair.reports.domain.communique import Communique

BOLD = Font(bold=True)
AMOUNT = "#,##0.00"
COUNT = "#,##0"
PERCENT = "+0.0%;-0.0%;0.0%"


def _widths(sheet, columns: list[str], rows: list[list]) -> None:
    for index, column in enumerate(columns, start=1):
        longest = max([len(str(column))] + [len(str(row[index - 1])) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))


def _formats(values: list[list]) -> dict[int, str]:
    """A number format per numeric column: amounts with two decimals, counts without."""
    formats: dict[int, str] = {}
    for row in values[:200]:
        for index, value in enumerate(row):
            if isinstance(value, int) and not isinstance(value, bool):
                formats.setdefault(index, COUNT)
                continue
            elif value is not None and not isinstance(value, str):
                formats[index] = AMOUNT
    return formats


def render_xlsx(communique: Communique, *, deal_sheet: tuple[list[str], object] | None = None) -> bytes:
    book = Workbook(write_only=True)
    used: set[str] = set()
    summary = book.create_sheet(sheet_title(communique.title, used))
    summary.column_dimensions["A"].width = 120
    summary.append([xlsx_cell(summary, communique.title, font=Font(bold=True, size=14))])
    summary.append([xlsx_cell(summary, communique.subtitle)])
    for text in communique.paragraphs + communique.warnings:
        summary.append([xlsx_cell(summary, text)])
    for table in communique.tables:
        sheet = book.create_sheet(sheet_title(table.title, used))
        _widths(sheet, table.columns, table.rows)
        sheet.append(xlsx_row(sheet, table.columns, font=BOLD))
        values = table.values or table.rows
        formats = _formats(values)
        for index in table.percent_columns:  # a change from the previous edition, as a fraction
            formats[index] = PERCENT
        for row in values:
            sheet.append(xlsx_row(sheet, row, number_formats=formats))
    if deal_sheet is not None:
        columns, rows = deal_sheet
        with translation.override(communique.language):
            title = _("Deals")
        sheet = book.create_sheet(sheet_title(title, used))
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, len(column) + 4)
        sheet.append(xlsx_row(sheet, columns, font=BOLD))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
