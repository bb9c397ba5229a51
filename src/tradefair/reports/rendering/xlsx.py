"""The communiqué as a workbook: the statement and key figures on the first sheet, one
sheet per table, and the deals behind the figures with their rates, so that every total
can be re-added in a spreadsheet. Written in openpyxl's streaming mode: a fair with tens of
thousands of deals is written row by row, not held as cell objects."""

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tradefair.reports.domain.communique import Communique

MAX_TITLE = 31  # Excel's limit on sheet names
BOLD = Font(bold=True)


def _sheet_title(title: str, used: set[str]) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:MAX_TITLE] or "Sheet"
    name, n = cleaned, 2
    while name in used:
        suffix = f" {n}"
        name = cleaned[: MAX_TITLE - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _widths(sheet, columns: list[str], rows: list[list]) -> None:
    for index, column in enumerate(columns, start=1):
        longest = max([len(str(column))] + [len(str(row[index - 1])) for row in rows[:200]])
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))


def _header(sheet, columns) -> list:
    cells = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=str(column))
        cell.font = BOLD
        cells.append(cell)
    return cells


def render_xlsx(communique: Communique, *, deal_sheet: tuple[list[str], object] | None = None) -> bytes:
    book = Workbook(write_only=True)
    used: set[str] = set()
    summary = book.create_sheet(_sheet_title(communique.title, used))
    summary.column_dimensions["A"].width = 120
    title = WriteOnlyCell(summary, value=communique.title)
    title.font = Font(bold=True, size=14)
    summary.append([title])
    summary.append([communique.subtitle])
    for text in communique.paragraphs + communique.warnings:
        summary.append([text])
    for table in communique.tables:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        _widths(sheet, table.columns, table.rows)
        sheet.append(_header(sheet, table.columns))
        for row in table.rows:
            sheet.append(row)
    if deal_sheet is not None:
        columns, rows = deal_sheet
        sheet = book.create_sheet(_sheet_title("deals", used))
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(10, len(column) + 4)
        sheet.append(_header(sheet, columns))
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
