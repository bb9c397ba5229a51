"""Bulk import of organisations, exhibitors, participants and products from CSV or XLSX.

The whole file is checked before anything is written: every problem is reported with
its row (as numbered in the spreadsheet, the header being row 1), its column and a
message, and a file with one bad row writes nothing. Rows carrying an external id that
is already known update that record, so an organiser can correct a list and import it
again. Writing goes through bulk operations in one transaction, so 30,000 rows take
seconds, not minutes.

Organisations are shared between expos. An organiser's import creates organisations and
links existing ones, but never changes the record of one that another expo uses (its
exhibitors, participants, projects or deals): that row is kept as it is and counted as
such. Platform staff, and the operator at the command line, may correct shared records;
each change is audited in every expo that uses the organisation (docs/decisions.md).

A file is refused before any work when it is larger than TRADEFAIR_IMPORT_MAX_BYTES,
when a workbook would unpack to more than TRADEFAIR_IMPORT_MAX_UNCOMPRESSED_BYTES (the
zip directory is read first, and no member is unpacked beyond its declared size), or
when it holds more than TRADEFAIR_IMPORT_MAX_ROWS rows (counted while reading).

What a file holds is told by the XLSX sheet name or the CSV file name (``participants``,
``organisations``, ``exhibitors``, ``products``, singular or plural, as a prefix), or
else by its key column (``participant_id``, ``organisation_id`` with ``legal_name``,
``hs_code``, ``organisation_id`` alone for exhibitors). A workbook is imported in the
order organisations, exhibitors, participants, products, so its rows may refer to each
other.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from tradefair.catalog.domain.search_index import reindex_organisations
from tradefair.common.audit import log_action
from tradefair.common.models import AuditEntry
from tradefair.common.regions import is_valid_code
from tradefair.common.taxonomy import is_hs_code
from tradefair.common.text import text_problem
from tradefair.people.models import (
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
    RegistrationStatus,
    Role,
    SizeBand,
)

KINDS = ("organisations", "exhibitors", "participants", "products")
BATCH = 1000
# SQLite allows at most 999 variables in old builds; stay below for lookups by key.
LOOKUP_CHUNK = 900
# More columns than any sheet kind knows, with every translatable column in ten languages.
MAX_COLUMNS = 200
ORGANISATION_FIELDS = ["legal_name", "name", "country", "kind", "website", "size_band"]

COLUMNS = {
    "organisations": {"organisation_id", "legal_name", "name", "country", "kind", "website", "size_band"},
    "exhibitors": {"organisation_id", "pavilion", "requested_area_m2"},
    "participants": {
        "participant_id",
        "name",
        "name_latin",
        "email",
        "country",
        "language",
        "roles",
        "organisation_id",
        "arrival",
        "departure",
        "status",
    },
    "products": {"organisation_id", "hs_code", "name", "description"},
}
REQUIRED = {
    "organisations": ("organisation_id", "legal_name", "country"),
    "exhibitors": ("organisation_id",),
    "participants": ("participant_id", "name", "country"),
    "products": ("organisation_id", "hs_code", "name"),
}
# Translatable columns may come once per language: ``name:zh-hans``.
TRANSLATED = {
    "organisations": {"name"},
    "products": {"name", "description"},
    "exhibitors": set(),
    "participants": set(),
}
LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}
_validate_email = EmailValidator()
_validate_url = URLValidator()


class UnreadableFile(Exception):
    """The file cannot be read as CSV or XLSX at all (exit status 2 of the command)."""


class TooLarge(UnreadableFile):
    """The file exceeds a limit; refused before the work starts (exit status 2)."""


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB"


def check_upload_size(size: int, filename: str) -> None:
    """Called before the file is read at all: by the page with the upload's size, by the
    command with the file's."""
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise TooLarge(
            _("%(file)s: the file is larger than %(limit)s; split it into smaller files.")
            % {"file": filename, "limit": _megabytes(limit)}
        )


class _RowCount:
    """Rows read so far across the sheets of one file, refused past the limit."""

    def __init__(self):
        self.limit = settings.IMPORT_MAX_ROWS
        self.count = 0

    def add(self) -> None:
        self.count += 1
        if self.count > self.limit:
            raise TooLarge(
                ngettext(
                    "The file holds more than %(limit)d row; split it into smaller files.",
                    "The file holds more than %(limit)d rows; split it into smaller files.",
                    self.limit,
                )
                % {"limit": self.limit}
            )


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str
    sheet: str = ""

    def __str__(self) -> str:
        where = f"row {self.row}, column {self.column}: {self.message}"
        return f"{where} (sheet {self.sheet})" if self.sheet else where


@dataclass
class Sheet:
    kind: str
    title: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]


@dataclass
class ImportResult:
    rows: int = 0
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    written: bool = False
    # External ids of organisations other expos use, linked but left as they are.
    kept_shared: list[str] = field(default_factory=list)

    def summary(self) -> str:
        parts = [
            f"{kind}: {self.created.get(kind, 0)} created, {self.updated.get(kind, 0)} updated"
            for kind in KINDS
            if kind in self.created or kind in self.updated
        ]
        if self.kept_shared:
            parts.append(f"{len(self.kept_shared)} shared organisation(s) kept as they are")
        return "; ".join(parts) or "nothing to import"


Progress = Callable[[int], None]


# Reading -------------------------------------------------------------------------------


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    check_upload_size(len(data), filename)
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data)
    if suffix in (".csv", ".txt", ""):
        return [_read_csv(data, filename)]
    raise UnreadableFile(f"{filename}: not a .csv or .xlsx file")


def _unreadable_at(filename: str, row: int, column: str, message: str) -> UnreadableFile:
    return UnreadableFile(f"{filename}: row {row}, column {column}: {message}")


def _column_at(header: list[str], index: int) -> str:
    return header[index] if 0 <= index < len(header) and header[index] else str(index + 1)


def _undecodable(data: bytes, filename: str, error: UnicodeDecodeError, delimiter: str) -> UnreadableFile:
    """Where the bytes that are not UTF-8 are: the row as the spreadsheet numbers it and
    the column whose value holds them."""
    row = data.count(b"\n", 0, error.start) + 1
    line_start = data.rfind(b"\n", 0, error.start) + 1
    # A lone carriage return ends a line for the csv module too: read up to it only.
    first_line = data.split(b"\n", 1)[0].split(b"\r", 1)[0].decode("utf-8-sig", "replace")
    header = [name.strip().lower() for name in next(csv.reader([first_line], delimiter=delimiter), [])]
    before = data[line_start : error.start].decode("utf-8", "replace").rsplit("\r", 1)[-1]
    index = len(next(csv.reader([before + "x"], delimiter=delimiter), [""])) - 1
    return _unreadable_at(filename, row, _column_at(header, index), _("not UTF-8 text"))


def _read_csv(data: bytes, filename: str) -> Sheet:
    # The delimiter is the one the header row uses (column names hold none of them); the
    # rest is RFC 4180, as spreadsheets write it. csv.Sniffer guessed quote characters
    # from the values too, and read an id written '0' as 0 or one written "0""" as 0"".
    header_bytes = data.split(b"\n", 1)[0]
    delimiter = max(",;\t", key=lambda candidate: header_bytes.count(candidate.encode()))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _undecodable(data, filename, error, delimiter) from error
    reader = csv.reader(io.StringIO(text, newline=""), csv.excel, delimiter=delimiter)
    try:
        header = [column.strip().lower() for column in next(reader)]
    except StopIteration as error:
        raise UnreadableFile(f"{filename}: the file is empty") from error
    except csv.Error as error:
        raise UnreadableFile(f"{filename}: {error}") from error
    if len(header) > MAX_COLUMNS:
        raise TooLarge(_("%(file)s: more than %(limit)d columns") % {"file": filename, "limit": MAX_COLUMNS})
    for index, column in enumerate(header):
        if (problem := text_problem(column)) is not None:
            raise _unreadable_at(filename, 1, str(index + 1), problem)
    stem = Path(filename).stem
    kind = _kind_of(stem, header)
    if kind is None:
        raise UnreadableFile(f"{filename}: cannot tell whether it holds {', '.join(KINDS)}")
    rows = []
    counted = _RowCount()
    try:
        for number, cells in enumerate(reader, start=2):
            counted.add()
            values = [cell.strip() for cell in cells]
            for index, value in enumerate(values):
                if value and (problem := text_problem(value)) is not None:
                    raise _unreadable_at(filename, number, _column_at(header, index), problem)
            if any(values):
                rows.append((number, dict(zip(header, values, strict=False))))
    except csv.Error as error:
        raise UnreadableFile(f"{filename}: {error}") from error
    return Sheet(kind=kind, title=stem, header=header, rows=rows)


def _read_xlsx(data: bytes) -> list[Sheet]:
    import openpyxl

    _check_archive(data)
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise UnreadableFile(f"not a readable XLSX workbook ({error})") from error
    sheets = []
    counted = _RowCount()
    try:
        for worksheet in workbook.worksheets:
            sheet = _read_worksheet(worksheet, counted)
            if sheet is not None:
                sheets.append(sheet)
    except UnreadableFile:
        raise
    except Exception as error:  # the sheets' XML is parsed while iterating
        raise UnreadableFile(f"not a readable XLSX workbook ({error})") from error
    finally:
        workbook.close()
    if not sheets:
        raise UnreadableFile("the workbook has no rows")
    return sorted(sheets, key=lambda sheet: KINDS.index(sheet.kind))


def _check_archive(data: bytes) -> None:
    """An XLSX file is a zip archive: its directory says how large each member unpacks,
    and zipfile never unpacks a member beyond that, so the sum bounds the work."""
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as error:
        raise UnreadableFile(f"not a readable XLSX workbook ({error})") from error
    unpacked = sum(member.file_size for member in members)
    limit = settings.IMPORT_MAX_UNCOMPRESSED_BYTES
    if unpacked > limit:
        raise TooLarge(
            _("The workbook unpacks to %(size)s, more than %(limit)s; split it into smaller files.")
            % {"size": _megabytes(unpacked), "limit": _megabytes(limit)}
        )


def _read_worksheet(worksheet, counted: _RowCount) -> Sheet | None:
    first = next(worksheet.iter_rows(max_row=1, max_col=MAX_COLUMNS + 1, values_only=True), None)
    if first is None:
        return None
    header = [str(cell or "").strip().lower() for cell in first]
    while header and not header[-1]:
        header.pop()
    if len(header) > MAX_COLUMNS:
        raise TooLarge(
            _("%(file)s: more than %(limit)d columns") % {"file": worksheet.title, "limit": MAX_COLUMNS}
        )
    where = f"sheet {worksheet.title}"
    for index, column in enumerate(header):
        if (problem := text_problem(column)) is not None:
            raise _unreadable_at(where, 1, str(index + 1), problem)
    kind = _kind_of(worksheet.title, header)
    if kind is None:
        raise UnreadableFile(f"sheet {worksheet.title}: cannot tell whether it holds {', '.join(KINDS)}")
    body = []
    width = max(len(header), 1)
    for number, cells in enumerate(worksheet.iter_rows(min_row=2, max_col=width, values_only=True), start=2):
        counted.add()
        values = [_cell_text(cell) for cell in cells]
        for index, value in enumerate(values):
            if value and (problem := text_problem(value)) is not None:
                raise _unreadable_at(where, number, _column_at(header, index), problem)
        if any(values):
            body.append((number, dict(zip(header, values, strict=False))))
    return Sheet(kind=kind, title=worksheet.title, header=header, rows=body)


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _kind_of(title: str, header: list[str]) -> str | None:
    name = title.strip().lower()
    for kind in KINDS:
        if name.startswith(kind) or name.startswith(kind[:-1]):
            return kind
    columns = set(header)
    if "participant_id" in columns:
        return "participants"
    if "hs_code" in columns:
        return "products"
    if "legal_name" in columns:
        return "organisations"
    if "organisation_id" in columns:
        return "exhibitors"
    return None


# Checking ------------------------------------------------------------------------------


class _Checker:
    """Checks rows of one import; remembers which keys the file itself defines, so
    later sheets may refer to them."""

    def __init__(self, expo, sheets: list[Sheet]):
        self.expo = expo
        self.problems: list[Problem] = []
        self.several = len(sheets) > 1
        self.file_organisations: set[str] = set()
        self.file_exhibitors: set[str] = set()
        organisation_keys = {
            row.get("organisation_id", "") for sheet in sheets for _number, row in sheet.rows
        } - {""}
        self.known_organisations = _existing_organisations(organisation_keys)
        self.exhibiting = set(
            expo.exhibitors.exclude(organisation__external_id="").values_list(
                "organisation__external_id", flat=True
            )
        )
        self.pavilions = _pavilion_names(expo)

    def problem(self, sheet: Sheet, row: int, column: str, message: str) -> None:
        self.problems.append(Problem(row, column, message, sheet.title if self.several else ""))

    def check_header(self, sheet: Sheet) -> bool:
        allowed = COLUMNS[sheet.kind]
        ok = True
        for column in sheet.header:
            base, _sep, language = column.partition(":")
            if column in allowed or (base in TRANSLATED[sheet.kind] and language in LANGUAGE_CODES):
                continue
            if column:
                self.problem(
                    sheet, 1, column, _("unknown column; expected one of %s") % ", ".join(sorted(allowed))
                )
                ok = False
        for column in REQUIRED[sheet.kind]:
            if column not in sheet.header:
                self.problem(sheet, 1, column, _("the column is missing"))
                ok = False
        return ok

    def check(self, sheet: Sheet, progress: Progress | None) -> list[tuple[int, dict]]:
        """Clean values of every row of the sheet; problems are collected, not raised."""
        if not self.check_header(sheet):
            return []
        method = getattr(self, f"_{sheet.kind}")
        key_column = "participant_id" if sheet.kind == "participants" else "organisation_id"
        seen: dict[str, int] = {}
        cleaned = []
        for count, (number, row) in enumerate(sheet.rows, start=1):
            before = len(self.problems)
            for column in REQUIRED[sheet.kind]:
                if not row.get(column):
                    self.problem(sheet, number, column, _("a value is required"))
            key = row.get(key_column, "")
            if sheet.kind == "products":
                key = "\x1f".join(
                    (row.get("organisation_id", ""), row.get("hs_code", ""), row.get("name", ""))
                )
            if key and key in seen:
                self.problem(sheet, number, key_column, _("the same record is already in row %d") % seen[key])
            elif key:
                seen[key] = number
            values = method(sheet, number, row)
            if len(self.problems) == before:
                cleaned.append((number, values))
            if progress and count % 500 == 0:
                progress(500)
        if progress:
            progress(len(sheet.rows) % 500)
        return cleaned

    def _country(self, sheet, number, row, column="country") -> str:
        code = row.get(column, "").upper()
        if code and not is_valid_code(code):
            self.problem(sheet, number, column, _("“%s” is not an ISO 3166 country or region code") % code)
        return code

    def _choice(self, sheet, number, row, column, choices, default=""):
        value = row.get(column, "") or default
        if value and value not in choices:
            self.problem(
                sheet,
                number,
                column,
                _("“%(value)s” is not one of: %(choices)s") % {"value": value, "choices": ", ".join(choices)},
            )
        return value

    def _date(self, sheet, number, row, column):
        value = row.get(column, "")
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(sheet, number, column, _("“%s” is not a date like 2019-08-23") % value)
            return None

    def _organisation_ref(self, sheet, number, row) -> str:
        key = row.get("organisation_id", "")
        if key and key not in self.known_organisations and key not in self.file_organisations:
            self.problem(sheet, number, "organisation_id", _("no organisation has the id “%s”") % key)
        return key

    def _translations(self, row, column) -> dict[str, str]:
        texts = {}
        if row.get(column):
            texts["en"] = row[column]
        for key, value in row.items():
            base, _sep, language = key.partition(":")
            if base == column and language and value:
                texts[language] = value
        return texts

    def _organisations(self, sheet, number, row):
        key = row.get("organisation_id", "")
        self.file_organisations.add(key)
        website = row.get("website", "")
        if website:
            try:
                _validate_url(website)
            except ValidationError:
                self.problem(sheet, number, "website", _("“%s” is not a web address") % website)
        if len(row.get("legal_name", "")) > 300:
            self.problem(sheet, number, "legal_name", _("longer than 300 characters"))
        if len(key) > 64:
            self.problem(sheet, number, "organisation_id", _("longer than 64 characters"))
        return {
            "external_id": key,
            "legal_name": row.get("legal_name", ""),
            "name": self._translations(row, "name") or {"en": row.get("legal_name", "")},
            "country": self._country(sheet, number, row),
            "kind": self._choice(
                sheet, number, row, "kind", OrganisationKind.values, OrganisationKind.ENTERPRISE
            ),
            "website": website,
            "size_band": self._choice(sheet, number, row, "size_band", SizeBand.values),
        }

    def _exhibitors(self, sheet, number, row):
        key = self._organisation_ref(sheet, number, row)
        self.file_exhibitors.add(key)
        pavilion = row.get("pavilion", "")
        pavilion_id = None
        if pavilion:
            pavilion_id = self.pavilions.get(pavilion.casefold())
            if pavilion_id is None:
                self.problem(sheet, number, "pavilion", _("this expo has no pavilion “%s”") % pavilion)
        area = None
        if row.get("requested_area_m2"):
            try:
                area = Decimal(row["requested_area_m2"])
                if area <= 0 or area >= 100000:
                    raise InvalidOperation
            except InvalidOperation:
                self.problem(
                    sheet,
                    number,
                    "requested_area_m2",
                    _("“%s” is not an area in m²") % row["requested_area_m2"],
                )
        return {"organisation_id": key, "pavilion_id": pavilion_id, "requested_area_m2": area}

    def _participants(self, sheet, number, row):
        key = row.get("participant_id", "")
        if len(key) > 64:
            self.problem(sheet, number, "participant_id", _("longer than 64 characters"))
        for column in ("name", "name_latin"):
            if len(row.get(column, "")) > 200:
                self.problem(sheet, number, column, _("longer than 200 characters"))
        email = row.get("email", "")
        if email:
            try:
                _validate_email(email)
            except ValidationError:
                self.problem(sheet, number, "email", _("“%s” is not an e-mail address") % email)
        roles = [role.strip() for role in re.split(r"[;,|]", row.get("roles", "")) if role.strip()]
        for role in roles:
            if role not in Role.values:
                self.problem(
                    sheet,
                    number,
                    "roles",
                    _("“%(value)s” is not one of: %(choices)s")
                    % {"value": role, "choices": ", ".join(Role.values)},
                )
        arrival = self._date(sheet, number, row, "arrival")
        departure = self._date(sheet, number, row, "departure")
        if arrival and departure and departure < arrival:
            self.problem(sheet, number, "departure", _("the departure is before the arrival"))
        organisation = row.get("organisation_id", "")
        if organisation:
            self._organisation_ref(sheet, number, row)
        return {
            "external_id": key,
            "name": row.get("name", ""),
            "name_latin": row.get("name_latin", ""),
            "email": email,
            "country": self._country(sheet, number, row),
            "language": self._choice(sheet, number, row, "language", sorted(LANGUAGE_CODES), "en"),
            "status": self._choice(
                sheet, number, row, "status", RegistrationStatus.values, RegistrationStatus.APPROVED
            ),
            "roles": roles or [Role.MERCHANT],
            "organisation": organisation,
            "arrival": arrival,
            "departure": departure,
        }

    def _products(self, sheet, number, row):
        key = self._organisation_ref(sheet, number, row)
        if key and key not in self.exhibiting and key not in self.file_exhibitors:
            self.problem(
                sheet,
                number,
                "organisation_id",
                _("the organisation “%s” does not exhibit at this expo") % key,
            )
        code = row.get("hs_code", "")
        if code and not is_hs_code(code):
            self.problem(sheet, number, "hs_code", _("“%s” is not an HS code") % code)
        return {
            "organisation_id": key,
            "hs_code": code,
            "name": self._translations(row, "name"),
            "description": self._translations(row, "description"),
        }


def _existing_organisations(keys: set[str]) -> dict[str, int]:
    found = {}
    keys = sorted(keys)
    for start in range(0, len(keys), LOOKUP_CHUNK):
        found.update(
            Organisation.objects.filter(external_id__in=keys[start : start + LOOKUP_CHUNK]).values_list(
                "external_id", "pk"
            )
        )
    return found


def _pavilion_names(expo) -> dict[str, int]:
    names = {}
    for pavilion in expo.pavilions.all():
        names[str(pavilion.pk)] = pavilion.pk
        data = pavilion.name.data if isinstance(pavilion.name.data, dict) else {"": str(pavilion.name)}
        for text in data.values():
            if text:
                names[text.casefold()] = pavilion.pk
    return names


# Writing -------------------------------------------------------------------------------


def import_file(
    *, expo, data: bytes, filename: str, dry_run: bool = False, by=None, progress: Progress | None = None
) -> ImportResult:
    """Check every row, then write all of them in one transaction, or none."""
    return import_sheets(
        expo=expo,
        sheets=read_sheets(data, filename),
        filename=filename,
        dry_run=dry_run,
        by=by,
        progress=progress,
    )


def import_sheets(
    *,
    expo,
    sheets: list[Sheet],
    filename: str,
    dry_run: bool = False,
    by=None,
    progress: Progress | None = None,
) -> ImportResult:
    result = ImportResult(rows=sum(len(sheet.rows) for sheet in sheets))
    checker = _Checker(expo, sheets)
    checked = [(sheet, checker.check(sheet, progress)) for sheet in sheets]
    result.problems = checker.problems
    if result.problems:
        return result
    shared = _shared_elsewhere(expo, checked, checker.known_organisations, by=by)
    result.kept_shared = sorted(shared)
    if dry_run:
        return result
    with transaction.atomic():
        organisations: dict[str, int] = dict(checker.known_organisations)
        for sheet, rows in checked:
            values = [values for _number, values in rows]
            if sheet.kind == "organisations":
                created, updated = _write_organisations(
                    expo, values, organisations, progress, keep=shared, by=by, filename=filename
                )
            else:
                created, updated = _WRITERS[sheet.kind](expo, values, organisations, progress)
            result.created[sheet.kind] = result.created.get(sheet.kind, 0) + created
            result.updated[sheet.kind] = result.updated.get(sheet.kind, 0) + updated
        _refresh_search(expo, checked, organisations)
        log_action(
            expo,
            "import.completed",
            actor=by,
            data={
                "file": filename,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "kept_shared": len(result.kept_shared),
            },
        )
    result.written = True
    return result


def may_change_shared_organisations(by) -> bool:
    """Who owns the record of an organisation several expos use: platform staff, and the
    operator who runs the command (by is None), who has the whole database anyway."""
    return by is None or bool(getattr(by, "is_staff", False))


def expos_using(organisation_ids) -> dict[int, set[int]]:
    """For each organisation, the expos whose exhibitors, participants, investment
    projects or deals refer to it. Deals are reached through the organisation's reverse
    relation, so that people (below deals) imports nothing of deals."""
    from tradefair.catalog.models import Exhibitor, InvestmentProject

    using: dict[int, set[int]] = {}
    queries = (
        (Exhibitor.objects, "organisation_id", "expo_id"),
        (Participant.objects, "organisation_id", "expo_id"),
        (InvestmentProject.objects, "owner_id", "expo_id"),
        (Organisation.objects.filter(deals__isnull=False), "pk", "deals__expo_id"),
    )
    for chunk in _chunks(sorted(organisation_ids), LOOKUP_CHUNK):
        for manager, key, expo_key in queries:
            pairs = manager.filter(**{f"{key}__in": chunk}).values_list(key, expo_key).distinct()
            for organisation_id, expo_id in pairs:
                using.setdefault(organisation_id, set()).add(expo_id)
    return using


def _shared_elsewhere(expo, checked, known: dict[str, int], *, by) -> set[str]:
    """External ids of the file's organisation rows that would change an organisation
    another expo uses, which an organiser's import leaves as it is."""
    if may_change_shared_organisations(by):
        return set()
    keys = {
        values["external_id"]
        for sheet, rows in checked
        if sheet.kind == "organisations"
        for _number, values in rows
        if values["external_id"] in known
    }
    if not keys:
        return set()
    using = expos_using({known[key] for key in keys})
    return {key for key in keys if using.get(known[key], set()) - {expo.pk}}


def _refresh_search(expo, checked, organisations: dict[str, int]) -> None:
    """Imported exhibitors and products must be found at once, and renamed
    organisations under their new names in every expo they exhibit at."""
    kinds = {sheet.kind for sheet, _rows in checked}
    if not kinds & {"organisations", "exhibitors", "products"}:
        return
    renamed = [
        organisations[values["external_id"]]
        for sheet, rows in checked
        if sheet.kind == "organisations"
        for _number, values in rows
        if values["external_id"] in organisations
    ]
    touches_catalog = bool(kinds & {"exhibitors", "products"})
    reindex_organisations(renamed, also=expo if touches_catalog else None)


def _chunks(items: list, size: int = BATCH) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _write_organisations(expo, rows, organisations, progress, *, keep: set[str], by, filename: str):
    """Create new organisations; change existing ones only where a value differs and the
    record is not one that ``keep`` protects. Every change is audited in each expo that
    uses the organisation, not only in the importing one."""
    fields = ORGANISATION_FIELDS
    existing = {
        organisation.external_id: organisation
        for chunk in _chunks(sorted({row["external_id"] for row in rows}), LOOKUP_CHUNK)
        for organisation in Organisation.objects.filter(external_id__in=chunk)
    }
    new, changed, changes = [], [], {}
    for row in rows:
        organisation = existing.get(row["external_id"])
        if organisation is None:
            new.append(Organisation(external_id=row["external_id"], **{name: row[name] for name in fields}))
            continue
        if row["external_id"] in keep:
            continue
        difference = {
            name: [_plain(getattr(organisation, name)), _plain(row[name])]
            for name in fields
            if _plain(getattr(organisation, name)) != _plain(row[name])
        }
        if difference:
            for name in fields:
                setattr(organisation, name, row[name])
            changed.append(organisation)
            changes[organisation.pk] = difference
    for chunk in _chunks(new):
        Organisation.objects.bulk_create(chunk)
        _advance(progress, len(chunk))
    for chunk in _chunks(changed):
        _update_rows(Organisation, chunk, fields)
        _advance(progress, len(chunk))
    _advance(progress, len(rows) - len(new) - len(changed))
    _audit_organisation_changes(expo, changes, by=by, filename=filename)
    organisations.update({organisation.external_id: organisation.pk for organisation in [*new, *changed]})
    return len(new), len(changed)


def _plain(value):
    """Comparable and JSON-ready: translated names are dicts, countries objects."""
    if hasattr(value, "data"):
        value = value.data
    if hasattr(value, "code"):
        value = value.code
    return value if isinstance(value, dict) else ("" if value is None else str(value))


def _audit_organisation_changes(expo, changes: dict[int, dict], *, by, filename: str) -> None:
    if not changes:
        return
    using = expos_using(changes)
    actor = by if getattr(by, "is_authenticated", False) else None
    entries = [
        AuditEntry(
            actor=actor,
            expo_id=expo_id,
            action="organisation.changed_by_import",
            object_type="people.organisation",
            object_id=str(organisation_id),
            data={"by_expo": expo.slug, "file": filename, "changes": difference},
        )
        for organisation_id, difference in changes.items()
        for expo_id in sorted(using.get(organisation_id, set()) | {expo.pk})
    ]
    for chunk in _chunks(entries):
        AuditEntry.objects.bulk_create(chunk)


def _write_exhibitors(expo, rows, organisations, progress):
    from tradefair.catalog.models import Exhibitor

    existing = {exhibitor.organisation_id: exhibitor for exhibitor in Exhibitor.objects.filter(expo=expo)}
    new, changed = [], []
    for row in rows:
        organisation_id = organisations[row["organisation_id"]]
        exhibitor = existing.get(organisation_id)
        if exhibitor is None:
            new.append(
                Exhibitor(
                    expo=expo,
                    organisation_id=organisation_id,
                    pavilion_id=row["pavilion_id"],
                    requested_area_m2=row["requested_area_m2"],
                )
            )
        else:
            exhibitor.pavilion_id = row["pavilion_id"] or exhibitor.pavilion_id
            exhibitor.requested_area_m2 = row["requested_area_m2"] or exhibitor.requested_area_m2
            changed.append(exhibitor)
    for chunk in _chunks(new):
        Exhibitor.objects.bulk_create(chunk)
        _advance(progress, len(chunk))
    for chunk in _chunks(changed):
        _update_rows(Exhibitor, chunk, ["pavilion_id", "requested_area_m2"])
        _advance(progress, len(chunk))
    return len(new), len(changed)


def _write_participants(expo, rows, organisations, progress):
    fields = ["name", "name_latin", "email", "country", "language", "status", "arrival", "departure"]
    existing = {
        participant.external_id: participant
        for participant in Participant.objects.filter(expo=expo).exclude(external_id="")
    }
    new, changed, roles = [], [], []
    matched = 0
    for row in rows:
        participant = existing.get(row["external_id"])
        wanted = {name: row[name] for name in fields}
        wanted["languages"] = [row["language"]]
        wanted["organisation_id"] = organisations.get(row["organisation"]) if row["organisation"] else None
        if participant is None:
            participant = Participant(expo=expo, external_id=row["external_id"], **wanted)
            new.append(participant)
        else:
            matched += 1
            if any(getattr(participant, name) != value for name, value in wanted.items()):
                for name, value in wanted.items():
                    setattr(participant, name, value)
                changed.append(participant)
        roles.append((participant, row["roles"]))
    for chunk in _chunks(new):
        Participant.objects.bulk_create(chunk)
        _advance(progress, len(chunk))
    for chunk in _chunks(changed):
        _update_rows(Participant, chunk, [*fields, "languages", "organisation_id"])
    _advance(progress, matched)
    links = [ParticipantRole(participant_id=p.pk, role=role) for p, names in roles for role in names]
    for chunk in _chunks(links, 5000):
        ParticipantRole.objects.bulk_create(chunk, ignore_conflicts=True)
    return len(new), matched


def _write_products(expo, rows, organisations, progress):
    from tradefair.catalog.models import Exhibitor, Product

    exhibitors = dict(Exhibitor.objects.filter(expo=expo).values_list("organisation_id", "pk"))
    existing = {}
    for product in Product.objects.filter(exhibitor__expo=expo):
        name = product.name.data.get("en", "") if isinstance(product.name.data, dict) else str(product.name)
        existing[(product.exhibitor_id, product.hs_code, name)] = product
    new, changed = [], []
    for row in rows:
        exhibitor_id = exhibitors[organisations[row["organisation_id"]]]
        product = existing.get((exhibitor_id, row["hs_code"], row["name"].get("en", "")))
        if product is None:
            new.append(
                Product(
                    exhibitor_id=exhibitor_id,
                    hs_code=row["hs_code"],
                    name=row["name"],
                    description=row["description"] or "",
                )
            )
        else:
            product.name = row["name"]
            product.description = row["description"] or product.description
            changed.append(product)
    for chunk in _chunks(new):
        Product.objects.bulk_create(chunk)
        _advance(progress, len(chunk))
    for chunk in _chunks(changed):
        _update_rows(Product, chunk, ["name", "description"])
        _advance(progress, len(chunk))
    return len(new), len(changed)


def _update_rows(model, objects: list, fields: list[str]) -> None:
    """One prepared UPDATE run for many rows: Django's bulk_update builds a CASE
    expression per field and row, which takes seconds per thousand rows."""
    if not objects:
        return
    concrete = [model._meta.get_field(name) for name in fields]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(field.column)} = %s" for field in concrete)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(model._meta.pk.column)} = %s"
    params = [
        [field.get_db_prep_save(getattr(obj, field.attname), connection) for field in concrete] + [obj.pk]
        for obj in objects
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _advance(progress: Progress | None, count: int) -> None:
    if progress:
        progress(count)


_WRITERS = {
    "exhibitors": _write_exhibitors,
    "participants": _write_participants,
    "products": _write_products,
}


def total_work(sheets: Iterable[Sheet]) -> int:
    """Progress units: each row is checked once and written once."""
    return 2 * sum(len(sheet.rows) for sheet in sheets)
