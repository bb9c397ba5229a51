"""Properties of the people importer on generated files (CSV and XLSX): random unicode,
missing and extra columns, bad dates, countries, e-mails and roles, repeated ids. An
import writes every row or none; a refused one names each bad row and column, and the
importer never fails with anything but UnreadableFile (the command's exit 2).

Each generated row is valid or carries one fault of a known kind, so the test knows
which rows must be refused: the rows with problems are exactly the faulty ones."""

import csv
import datetime as dt
import io
from dataclasses import dataclass

import openpyxl
import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ExpoFactory, OrganisationFactory
from tradefair.people.domain.imports import UnreadableFile, import_file
from tradefair.people.models import Participant, ParticipantRole, Role

pytestmark = pytest.mark.django_db

PROPERTIES = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
OPTIONAL = ["name_latin", "email", "language", "roles", "organisation_id", "arrival", "departure"]
REQUIRED = ["participant_id", "name", "country"]
KNOWN_ORGANISATION = "ORG-KNOWN"
EXISTING_IDS = ["P-OLD-1", "P-OLD-2"]

# Text a spreadsheet cell may hold: any unicode but surrogates and the control
# characters XLSX cannot store (CSV can, but the same rows serve both formats).
characters = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"))
cell_text = st.text(characters, max_size=20)
# Something left after stripping: a character that is not white space among any others.
filled_text = st.tuples(cell_text, characters.filter(lambda char: char.strip()), cell_text).map("".join)


@dataclass
class Row:
    cells: dict[str, str]
    fault: str | None = None  # the column that must be refused, if any


FAULTS = {
    "country": st.sampled_from(["XX", "ZZ", "RUS", "12", "Россия", "C N"]),
    "email": st.sampled_from(["no-at-sign", "a@", "@example.com", "two words@example.com", "a@@b.cn"]),
    "roles": st.sampled_from(["wizard", "Buyer", "buyer;pirate", "exhibitor|Ставка"]),
    "language": st.sampled_from(["xx", "EN", "zh", "русский"]),
    "arrival": st.sampled_from(["2019-02-30", "23/08/2019", "tomorrow", "2019-13-01", "八月"]),
    "organisation_id": st.sampled_from(["NOPE", "ORG-UNKNOWN", "组织"]),
    "name": st.sampled_from(["   ", "x" * 201]),
    "participant_id": st.sampled_from(["I" * 65]),
}


@st.composite
def good_cells(draw, pid: str) -> dict[str, str]:
    arrival = draw(st.dates(dt.date(2019, 8, 1), dt.date(2019, 8, 31)))
    separator = draw(st.sampled_from([";", ",", "|", " ; "]))
    return {
        "participant_id": pid,
        "name": draw(filled_text),
        "country": draw(st.sampled_from(["RU", "cn", "MN", "DE", "kr", "TW"])),
        "name_latin": draw(cell_text.filter(lambda text: len(text.strip()) <= 200)),
        "email": draw(st.sampled_from(["", "ivan@example.com", "ivan@例子.中国", "o'neil+expo@mail.ru"])),
        "language": draw(st.sampled_from(["", "en", "ru", "zh-hans", "mn"])),
        "roles": separator.join(draw(st.lists(st.sampled_from(Role.values), max_size=3))),
        "organisation_id": draw(st.sampled_from(["", KNOWN_ORGANISATION])),
        "arrival": arrival.isoformat(),
        "departure": (arrival + dt.timedelta(days=draw(st.integers(0, 9)))).isoformat(),
    }


@st.composite
def participant_rows(draw) -> list[Row]:
    """Rows with fresh ids, ids of participants already imported, and repeated ids; in
    half the files, about one row in four carries a fault."""
    rows: list[Row] = []
    used: list[str] = []
    clean = draw(st.booleans())
    for index in range(draw(st.integers(1, 12))):
        repeat = bool(used) and not clean and draw(st.integers(0, 9)) == 0
        if repeat:
            pid = draw(st.sampled_from(used))
        else:
            pid = draw(
                st.one_of(
                    st.sampled_from(EXISTING_IDS),
                    filled_text,
                    st.just(f"P{index}"),
                )
            ).strip()
            while pid in used and clean:
                pid += "'"
            repeat = pid in used
        cells = draw(good_cells(pid))
        fault = "participant_id" if repeat else None
        if fault is None and not clean and draw(st.integers(0, 3)) == 0:
            fault = draw(st.sampled_from(sorted(FAULTS)))
            cells[fault] = draw(FAULTS[fault])
            if fault == "arrival":
                cells["departure"] = ""
        if fault is None and not clean and draw(st.integers(0, 15)) == 0:
            fault = "departure"
            cells["arrival"], cells["departure"] = "2019-08-25", "2019-08-20"
        used.append(cells["participant_id"])
        rows.append(Row(cells, fault))
    return rows


@st.composite
def headers(draw) -> tuple[list[str], str | None]:
    """Columns in any order: the required ones, some optional ones, and sometimes a
    missing required column or an unknown one (a fault of the header row)."""
    columns = REQUIRED + draw(st.lists(st.sampled_from(OPTIONAL), unique=True))
    fault = None
    if draw(st.integers(0, 7)) == 0:
        fault = draw(st.sampled_from(REQUIRED))
        columns.remove(fault)
    elif draw(st.integers(0, 7)) == 0:
        fault = draw(st.sampled_from(["e-mail", "passport", "名字", "roles2"]))
        columns.append(fault)
    return draw(st.permutations(columns)), fault


def _csv(columns: list[str], rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.cells.get(column, "") for column in columns])
    return out.getvalue().encode()


def _xlsx(columns: list[str], rows: list[Row]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Participants"
    sheet.append(columns)
    for number, row in enumerate(rows, start=2):
        for index, column in enumerate(columns, start=1):
            cell = sheet.cell(number, index, row.cells.get(column, ""))
            cell.data_type = "s"  # text, even when it starts with "=" like a formula
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@pytest.fixture
def expo():
    """An expo with two participants imported before and an organisation rows may name."""
    expo = ExpoFactory()
    OrganisationFactory(external_id=KNOWN_ORGANISATION)
    header = "participant_id,name,country\n"
    data = (header + "".join(f"{pid},Old {pid},RU\n" for pid in EXISTING_IDS)).encode()
    assert import_file(expo=expo, data=data, filename="participants.csv").written
    return expo


def _check_import(expo, data: bytes, filename: str, columns: list[str], header_fault, rows: list[Row]):
    before = (Participant.objects.count(), ParticipantRole.objects.count())
    result = import_file(expo=expo, data=data, filename=filename)
    after = (Participant.objects.count(), ParticipantRole.objects.count())

    if header_fault is not None:
        assert not result.written and after == before
        assert {(problem.row, problem.column) for problem in result.problems} == {(1, header_fault)}
        return
    faults = {number: row.fault for number, row in enumerate(rows, start=2) if row.fault}
    refused: dict[int, set[str]] = {}
    for problem in result.problems:
        refused.setdefault(problem.row, set()).add(problem.column)
    assert set(refused) == set(faults), [str(problem) for problem in result.problems]
    for number, column in faults.items():
        assert column in refused[number], [str(problem) for problem in result.problems]
    if faults:
        assert not result.written and after == before
        return
    assert result.written
    ids = {row.cells["participant_id"] for row in rows}
    assert after[0] == before[0] + len(ids - set(EXISTING_IDS))
    stored = dict(Participant.objects.filter(expo=expo).values_list("external_id", "name"))
    for row in rows:
        assert stored[row.cells["participant_id"]] == row.cells["name"].strip()


def _only_faults_in(columns: list[str], rows: list[Row]) -> None:
    """A fault in a column the file does not have is no fault."""
    needs = {"departure": {"arrival", "departure"}}
    for row in rows:
        if row.fault not in (None, "participant_id") and not needs.get(row.fault, {row.fault}) <= set(
            columns
        ):
            row.fault = None


@PROPERTIES
@given(header=headers(), rows=participant_rows())
def test_a_csv_import_writes_every_row_or_none_and_names_each_bad_row(expo, header, rows):
    columns, header_fault = header
    _only_faults_in(columns, rows)
    with transaction.atomic():
        try:
            data = _csv(columns, rows)
            _check_import(expo, data, "participants.csv", columns, header_fault, rows)
        finally:
            transaction.set_rollback(True)


@PROPERTIES
@given(header=headers(), rows=participant_rows())
def test_an_xlsx_import_writes_every_row_or_none_and_names_each_bad_row(expo, header, rows):
    columns, header_fault = header
    _only_faults_in(columns, rows)
    with transaction.atomic():
        try:
            _check_import(expo, _xlsx(columns, rows), "people.xlsx", columns, header_fault, rows)
        finally:
            transaction.set_rollback(True)


@st.composite
def mangled_files(draw) -> bytes:
    """A valid participants file with bytes overwritten, inserted or cut off."""
    columns, _fault = draw(headers().filter(lambda header: header[1] is None))
    data = bytearray(_csv(columns, draw(participant_rows())))
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        how = draw(st.sampled_from(["overwrite", "insert", "cut"]))
        chunk = draw(st.binary(min_size=1, max_size=6) | st.sampled_from([b",", b'"', b"\n", b";", b"\t"]))
        if how == "overwrite":
            data[at : at + len(chunk)] = chunk
        elif how == "insert":
            data[at:at] = chunk
        else:
            del data[at:]
    return bytes(data)


@PROPERTIES
@given(
    data=st.binary(max_size=300) | cell_text.map(str.encode) | mangled_files(),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_any_bytes_are_imported_refused_by_row_or_reported_unreadable(expo, data, suffix):
    with transaction.atomic():
        try:
            before = Participant.objects.count()
            try:
                result = import_file(expo=expo, data=data, filename=f"participants{suffix}")
            except UnreadableFile as error:
                assert str(error)
                assert Participant.objects.count() == before
                return
            if result.problems:
                assert not result.written and Participant.objects.count() == before
                assert all(problem.row >= 1 and problem.column for problem in result.problems)
            else:
                assert result.written
        finally:
            transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("data", "pid", "name"),
    [
        (b'name,country,participant_id\r\n0,RU,"0"""\r\n', '0"', "0"),
        (b"participant_id,name,country\r\n'0','Ann',RU\r\n", "'0'", "'Ann'"),
        (b"participant_id;name;country\r\nP1;Ivanov, Ivan;RU\r\n", "P1", "Ivanov, Ivan"),
        (b'participant_id\tname\tcountry\r\nP1\t"Say ""hi"", Ann"\tRU\r\n', "P1", 'Say "hi", Ann'),
    ],
    ids=["doubled quote", "single quotes", "semicolons", "tabs"],
)
def test_csv_cells_are_read_as_written_whatever_the_delimiter(expo, data, pid, name):
    """Found by the properties above: csv.Sniffer guessed the quoting from the values, and
    read the id 0" as 0"" and the id '0' as 0. The header row now tells the delimiter."""
    result = import_file(expo=expo, data=data, filename="participants.csv")

    assert result.written, [str(problem) for problem in result.problems]
    assert Participant.objects.get(expo=expo, external_id=pid).name == name


@pytest.mark.django_db
def test_bytes_that_are_not_utf8_after_a_lone_carriage_return_are_reported_unreadable():
    """Hypothesis found it: b"\\r\\x80" raised the csv module's own error, a traceback."""
    from tradefair.people.domain.imports import UnreadableFile, _read_csv

    with pytest.raises(UnreadableFile, match="participants.csv: row 1, column 1"):
        _read_csv(b"\r\x80", "participants.csv")
