"""Imports as a way to exhaust the server (issue #19): a 29 MB XLSX zip bomb took 164 s
of CPU, a 25 MB CSV 30 s and 1.4 GB; text PostgreSQL cannot store crashed the import.
Each limit is refused with a clear message before the work starts."""

import io
import time
import zipfile

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import ExpoFactory, UserFactory
from tradefair.people.domain.imports import TooLarge, UnreadableFile, import_file
from tradefair.people.models import Participant

pytestmark = pytest.mark.django_db

HEADER = "participant_id,name,country\n"


def _csv(rows: int) -> bytes:
    return (HEADER + "".join(f"P{index},Person {index},RU\n" for index in range(rows))).encode()


def _workbook(rows: int = 2) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "participants"
    sheet.append(["participant_id", "name", "country"])
    for index in range(rows):
        sheet.append([f"P{index}", f"Person {index}", "RU"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _zip_bomb(unpacked_mb: int) -> bytes:
    """A real workbook whose sheet is replaced by millions of identical rows: a few
    hundred kilobytes that unpack to ``unpacked_mb`` megabytes of XML."""
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    row = b'<row><c t="inlineStr"><is><t>P</t></is></c><c t="inlineStr"><is><t>Bomb</t></is></c></row>' * 1000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as bomb:
        for member in source.infolist():
            if member.filename != "xl/worksheets/sheet1.xml":
                bomb.writestr(member, source.read(member))
                continue
            with bomb.open(member.filename, "w", force_zip64=True) as sheet:
                sheet.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/')
                sheet.write(b'spreadsheetml/2006/main"><sheetData>')
                for _chunk in range(unpacked_mb * 1024 * 1024 // len(row)):
                    sheet.write(row)
                sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea")


def test_a_zip_bomb_is_refused_from_its_directory_in_well_under_a_second(expo):
    bomb = _zip_bomb(150)
    assert len(bomb) < 2 * 1024 * 1024  # small enough to pass the upload limit

    started = time.process_time()
    with pytest.raises(TooLarge) as error:
        import_file(expo=expo, data=bomb, filename="participants.xlsx")
    elapsed = time.process_time() - started

    assert "unpacks to 150 MB, more than 100 MB" in str(error.value)
    assert elapsed < 0.5
    assert Participant.objects.count() == 0


def test_the_import_page_refuses_a_zip_bomb_with_a_clear_message(client, expo, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_BYTES = 5 * 1024 * 1024
    client.force_login(UserFactory(is_staff=True))
    upload = io.BytesIO(_zip_bomb(8))
    upload.name = "participants.xlsx"

    response = client.post("/expos/cnea/import/", {"file": upload})

    assert response.status_code == 400
    assert "The workbook unpacks to 8 MB, more than 5 MB" in response.content.decode()


def test_an_oversized_csv_is_refused_by_its_size_before_it_is_read(client, expo, settings, tmp_path):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    big = _csv(50000)
    assert len(big) > 1024 * 1024
    client.force_login(UserFactory(is_staff=True))
    upload = io.BytesIO(big)
    upload.name = "participants.csv"

    response = client.post("/expos/cnea/import/", {"file": upload})

    assert response.status_code == 400
    assert "participants.csv: the file is larger than 1 MB" in response.content.decode()
    path = tmp_path / "participants.csv"
    path.write_bytes(big)
    with pytest.raises(CommandError) as error:
        call_command("import", str(path), "--expo", "cnea")
    assert error.value.returncode == 2
    assert str(error.value) == "participants.csv: the file is larger than 1 MB; split it into smaller files."


def test_a_25_mb_csv_is_refused_at_once_under_the_default_limit(expo):
    line = b"P0," + b"x" * 200 + b",RU\n"
    big = HEADER.encode() + line * (25 * 1024 * 1024 // len(line))

    started = time.process_time()
    with pytest.raises(TooLarge):
        import_file(expo=expo, data=big, filename="participants.csv")
    assert time.process_time() - started < 0.5


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_more_rows_than_the_limit_are_refused_and_the_limit_itself_passes(expo, settings, kind):
    settings.IMPORT_MAX_ROWS = 10
    make = _csv if kind == "csv" else _workbook

    with pytest.raises(TooLarge) as error:
        import_file(expo=expo, data=make(11), filename=f"participants.{kind}")
    assert str(error.value) == "The file holds more than 10 rows; split it into smaller files."
    assert Participant.objects.count() == 0

    assert import_file(expo=expo, data=make(10), filename=f"participants.{kind}").written
    assert Participant.objects.count() == 10


def test_the_row_limit_counts_every_sheet_of_a_workbook(expo, settings):
    settings.IMPORT_MAX_ROWS = 5
    workbook = openpyxl.Workbook()
    for index, title in enumerate(["organisations", "participants"]):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = title
        if title == "organisations":
            sheet.append(["organisation_id", "legal_name", "country"])
            for number in range(3):
                sheet.append([f"O{number}", f"Org {number}", "CN"])
        else:
            sheet.append(["participant_id", "name", "country"])
            for number in range(3):
                sheet.append([f"P{number}", f"Person {number}", "CN"])
    out = io.BytesIO()
    workbook.save(out)

    with pytest.raises(TooLarge):
        import_file(expo=expo, data=out.getvalue(), filename="expo.xlsx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            HEADER.encode() + b"P1,Ivan,RU\nP2,Iv\x00an,RU\n",
            "participants.csv: row 3, column name: contains a NUL character",
        ),
        (
            HEADER.encode() + b"P1,Iv\xed\xa0\x80an,RU\n",
            "participants.csv: row 2, column name: not UTF-8 text",
        ),
        (
            b"participant_id,name,country\nP1,Ivan,R\xffU\n",
            "participants.csv: row 2, column country: not UTF-8 text",
        ),
    ],
    ids=["nul", "lone-surrogate", "latin-1-byte"],
)
def test_text_no_database_stores_gives_one_line_with_row_and_column_and_exit_2(expo, tmp_path, data, message):
    path = tmp_path / "participants.csv"
    path.write_bytes(data)

    with pytest.raises(CommandError) as error:
        call_command("import", str(path), "--expo", "cnea")

    assert (error.value.returncode, str(error.value)) == (2, message)
    assert Participant.objects.count() == 0


def test_an_xlsx_whose_sheet_xml_is_broken_is_unreadable_not_a_crash(expo):
    source = zipfile.ZipFile(io.BytesIO(_workbook()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as broken:
        for member in source.infolist():
            content = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            broken.writestr(member, content)

    with pytest.raises(UnreadableFile):
        import_file(expo=expo, data=out.getvalue(), filename="participants.xlsx")
