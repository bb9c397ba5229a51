"""Every CSV and XLSX the platform writes goes through here, so that no cell a visitor
typed (a registrant's name, a deal's title) becomes a formula in the organiser's
spreadsheet program ("formula injection", CWE-1236).

A text cell that begins with ``= + - @`` or a tab or carriage return is neutralised:
in CSV it gets a leading apostrophe (the OWASP advice; spreadsheet programs then read
it as text and do not show the apostrophe on most locales), in XLSX it is stored as a
string cell with Excel's own "quote prefix" mark, so it shows as typed and stays text
when edited. Numbers (int, float, Decimal) stay real numbers: they are never quoted.
"""

import csv
import io
from collections.abc import Iterable, Iterator
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_TITLE = 31  # Excel's limit on sheet names


def is_formula_like(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value):
    """A value as it goes into a CSV file."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if is_formula_like(text) else text


def csv_line(writer, row: Iterable) -> str:
    return writer.writerow([csv_cell(value) for value in row])


class _Echo:
    def write(self, value):
        return value


def csv_lines(columns: Iterable, rows: Iterable[Iterable]) -> Iterator[str]:
    """CSV text line by line (for a streaming response), header first."""
    writer = csv.writer(_Echo())
    yield csv_line(writer, columns)
    for row in rows:
        yield csv_line(writer, row)


def write_csv(columns: Iterable, rows: Iterable[Iterable]) -> tuple[bytes, int]:
    """A whole CSV file as UTF-8 with a byte-order mark (so that spreadsheet programs
    read the names right), and the number of data rows."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    csv_line(writer, columns)
    count = 0
    for row in rows:
        csv_line(writer, row)
        count += 1
    return ("\ufeff" + buffer.getvalue()).encode("utf-8"), count


def xlsx_cell(sheet, value, *, font=None, number_format: str | None = None):
    """A write-only cell: numbers as numbers, text as text, never a formula."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool):
        value = "yes" if value else "no"
    if value is not None and not isinstance(value, int | float | Decimal | str):
        value = str(value)
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        # openpyxl takes any text that begins with "=" for a formula; force text.
        cell.data_type = "s"
        if is_formula_like(value):
            cell.quotePrefix = True
    if font is not None:
        cell.font = font
    if number_format is not None and isinstance(value, int | float | Decimal):
        cell.number_format = number_format
    return cell


def xlsx_row(sheet, row: Iterable, *, font=None, number_formats: dict[int, str] | None = None) -> list:
    formats = number_formats or {}
    return [
        xlsx_cell(sheet, value, font=font, number_format=formats.get(index))
        for index, value in enumerate(row)
    ]


def sheet_title(title: str, used: set[str]) -> str:
    """A sheet name Excel accepts, unique in its workbook."""
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))[:MAX_SHEET_TITLE].strip()
    cleaned = cleaned.lstrip("'") or "Sheet"
    name, n = cleaned, 2
    while name in used:
        suffix = f" {n}"
        name = cleaned[: MAX_SHEET_TITLE - len(suffix)] + suffix
        n += 1
    used.add(name)
    return name


def write_xlsx(columns: Iterable, rows: Iterable[Iterable], *, title: str) -> tuple[bytes, int]:
    """A one-sheet workbook written row by row (openpyxl's streaming mode), and the
    number of data rows."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title(title, set()))
    sheet.append(xlsx_row(sheet, columns, font=Font(bold=True)))
    count = 0
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
        count += 1
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), count
