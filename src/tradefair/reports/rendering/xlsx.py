"""The communiqué as a workbook: the statement and key figures on the first sheet, one
sheet per table, and the deals behind the figures with their rates, so that every total
can be re-added in a spreadsheet."""

import io

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from tradefair.reports.domain.communique import Communique

MAX_TITLE = 31  # Excel's limit on sheet names


def _sheet_title(title: str, used: set[str]) -> str:
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in title)[:MAX_TITLE] or "Sheet"
    name, n = cleaned, 2
    while name in used:
        suffix = f" {n}"
        name = cleaned[: MAX_TITLE - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def _fit(sheet) -> None:
    for index, column in enumerate(sheet.columns, start=1):
        longest = max((len(str(cell.value)) for cell in column if cell.value is not None), default=8)
        sheet.column_dimensions[get_column_letter(index)].width = min(60, max(10, longest + 2))


def render_xlsx(communique: Communique, *, deal_sheet: tuple[list[str], list[list]] | None = None) -> bytes:
    book = Workbook()
    used: set[str] = set()
    summary = book.active
    summary.title = _sheet_title(communique.title, used)
    summary.append([communique.title])
    summary["A1"].font = Font(bold=True, size=14)
    summary.append([communique.subtitle])
    for text in communique.paragraphs + communique.warnings:
        summary.append([text])
        summary.cell(row=summary.max_row, column=1).alignment = Alignment(wrap_text=False)
    for table in communique.tables:
        sheet = book.create_sheet(_sheet_title(table.title, used))
        sheet.append(table.columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        _fit(sheet)
    if deal_sheet is not None:
        columns, rows = deal_sheet
        sheet = book.create_sheet(_sheet_title("deals", used))
        sheet.append(columns)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        _fit(sheet)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
