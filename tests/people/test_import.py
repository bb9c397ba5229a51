import io

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.factories import (
    ExhibitorFactory,
    ExpoFactory,
    OrganisationFactory,
    ParticipantFactory,
    PavilionFactory,
    UserFactory,
)
from tradefair.catalog.models import Exhibitor, Product
from tradefair.common.models import AuditEntry
from tradefair.people.domain.imports import UnreadableFile, import_file
from tradefair.people.models import Organisation, Participant, Role

pytestmark = pytest.mark.django_db

HEADER = "participant_id,name,name_latin,email,country,language,roles,organisation_id,arrival,departure\n"


def _participants(count: int, bad_row: int | None = None) -> bytes:
    lines = [HEADER]
    for index in range(count):
        country = "XX" if bad_row is not None and index + 2 == bad_row else "RU"
        lines.append(
            f"P{index},Иван {index},Ivan {index},p{index}@example.com,{country},ru,buyer;investor,,"
            "2019-08-22,2019-08-28\n"
        )
    return "".join(lines).encode()


def test_a_valid_file_imports_every_row_with_roles():
    expo = ExpoFactory()
    result = import_file(expo=expo, data=_participants(5), filename="participants.csv")

    assert result.written and result.problems == []
    assert result.created == {"participants": 5}
    ivan = Participant.objects.get(expo=expo, external_id="P3")
    assert (ivan.name, ivan.name_latin, ivan.country.code, ivan.language) == ("Иван 3", "Ivan 3", "RU", "ru")
    assert sorted(ivan.roles.values_list("role", flat=True)) == [Role.BUYER, Role.INVESTOR]
    assert AuditEntry.objects.get(action="import.completed").data["rows"] == 5


def test_one_bad_row_among_many_writes_nothing_and_names_the_row():
    expo = ExpoFactory()
    result = import_file(expo=expo, data=_participants(2000, bad_row=1234), filename="participants.csv")

    assert not result.written
    assert [str(problem) for problem in result.problems] == [
        "row 1234, column country: “XX” is not an ISO 3166 country or region code"
    ]
    assert Participant.objects.count() == 0


def test_a_dry_run_lists_every_problem_by_row_and_column_and_writes_nothing():
    expo = ExpoFactory()
    data = (
        HEADER + "P1,Ann,,not-mail,RU,en,wizard,NOPE,2019-08-28,2019-08-22\n,,,,,,,,,\nP1,Bob,,,CN,en,,,,\n"
    ).encode()

    result = import_file(expo=expo, data=data, filename="list.csv", dry_run=True)

    assert {(problem.row, problem.column) for problem in result.problems} == {
        (2, "email"),
        (2, "roles"),
        (2, "organisation_id"),
        (2, "departure"),
        (4, "participant_id"),
    }
    assert Participant.objects.count() == 0


def test_a_valid_dry_run_writes_nothing():
    expo = ExpoFactory()
    result = import_file(expo=expo, data=_participants(3), filename="participants.csv", dry_run=True)
    assert result.problems == [] and not result.written
    assert Participant.objects.count() == 0


def test_reimporting_updates_records_by_external_id_and_keeps_other_roles():
    expo = ExpoFactory()
    import_file(expo=expo, data=_participants(3), filename="participants.csv")
    Participant.objects.get(external_id="P0").roles.create(role=Role.SPEAKER)
    changed = _participants(3).replace(b"Ivan 0,", b"Ivan Petrov,")

    result = import_file(expo=expo, data=changed, filename="participants.csv")

    assert result.created == {"participants": 0} and result.updated == {"participants": 3}
    assert Participant.objects.filter(expo=expo).count() == 3
    first = Participant.objects.get(external_id="P0")
    assert first.name_latin == "Ivan Petrov"
    assert Role.SPEAKER in first.roles.values_list("role", flat=True)


def test_unknown_and_missing_columns_are_reported_on_the_header_row():
    result = import_file(
        expo=ExpoFactory(), data=b"participant_id,nmae,country\nP1,Ann,RU\n", filename="p.csv"
    )
    assert {(problem.row, problem.column) for problem in result.problems} == {(1, "nmae"), (1, "name")}


def test_a_workbook_imports_organisations_exhibitors_participants_and_products_that_refer_to_each_other():
    expo = ExpoFactory()
    PavilionFactory(expo=expo, name={"en": "Pavilion of the 5G New Era", "zh-hans": "5G新时代馆"})
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Products"
    sheet.append(["organisation_id", "hs_code", "name", "name:zh-hans"])
    sheet.append(["FAW", "870323", "Hongqi H9", "红旗H9"])
    sheet = workbook.create_sheet("Organisations")
    sheet.append(["organisation_id", "legal_name", "name:zh-hans", "country", "kind"])
    sheet.append(["FAW", "China FAW Group Co., Ltd.", "中国第一汽车集团有限公司", "CN", "enterprise"])
    sheet = workbook.create_sheet("Exhibitors")
    sheet.append(["organisation_id", "pavilion"])
    sheet.append(["FAW", "5G新时代馆"])
    sheet = workbook.create_sheet("Participants")
    sheet.append(["participant_id", "name", "country", "organisation_id", "arrival"])
    sheet.append(["X1", "王芳", "CN", "FAW", None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    result = import_file(expo=expo, data=buffer.getvalue(), filename="expo.xlsx")

    assert result.problems == []
    organisation = Organisation.objects.get(external_id="FAW")
    assert organisation.name.data["zh-hans"] == "中国第一汽车集团有限公司"
    exhibitor = Exhibitor.objects.get(expo=expo, organisation=organisation)
    assert str(exhibitor.pavilion.name.data["en"]) == "Pavilion of the 5G New Era"
    assert Product.objects.get(exhibitor=exhibitor).name.data == {"en": "Hongqi H9", "zh-hans": "红旗H9"}
    assert Participant.objects.get(external_id="X1").organisation == organisation


def test_a_product_needs_an_exhibiting_organisation():
    expo = ExpoFactory()
    OrganisationFactory(external_id="LONE")
    exhibiting = ExhibitorFactory(expo=expo, organisation=OrganisationFactory(external_id="SHOW"))
    data = b"organisation_id,hs_code,name\nLONE,870323,Car\nSHOW,12AB,Car\nSHOW,870323,Car\n"

    result = import_file(expo=expo, data=data, filename="products.csv")

    assert [(problem.row, problem.column) for problem in result.problems] == [
        (2, "organisation_id"),
        (3, "hs_code"),
    ]
    assert not Product.objects.filter(exhibitor=exhibiting).exists()


def test_a_file_that_is_not_csv_or_xlsx_is_unreadable():
    with pytest.raises(UnreadableFile):
        import_file(expo=ExpoFactory(), data=b"PK\x03\x04garbage", filename="list.xlsx")
    with pytest.raises(UnreadableFile):
        import_file(expo=ExpoFactory(), data=b"\xff\xfe\x00bad", filename="list.csv")


def test_the_command_exit_statuses_follow_the_contract(tmp_path, capsys):
    expo = ExpoFactory(slug="cnea")
    good = tmp_path / "participants.csv"
    good.write_bytes(_participants(3))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(_participants(3, bad_row=3))
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"not a workbook")

    call_command("import", str(good), "--expo", "cnea", "--dry-run")
    assert Participant.objects.count() == 0
    with pytest.raises(CommandError) as rows:
        call_command("import", str(bad), "--expo", "cnea")
    assert "row 3, column country:" in capsys.readouterr().out
    with pytest.raises(CommandError) as unreadable:
        call_command("import", str(broken), "--expo", "cnea")
    call_command("import", str(good), "--expo", "cnea")

    assert (rows.value.returncode, unreadable.value.returncode) == (1, 2)
    assert Participant.objects.filter(expo=expo).count() == 3
    assert "3 rows imported" in capsys.readouterr().out


def test_the_import_page_is_for_organisers_and_reports_problems(client):
    expo = ExpoFactory(slug="cnea")
    client.force_login(UserFactory())
    assert client.get("/expos/cnea/import/").status_code == 403
    client.force_login(UserFactory(is_staff=True))
    upload = io.BytesIO(_participants(4, bad_row=4))
    upload.name = "participants.csv"

    response = client.post("/expos/cnea/import/", {"file": upload})

    assert response.status_code == 400
    assert "row 4, column country:" in response.content.decode()
    assert Participant.objects.filter(expo=expo).count() == 0
    upload = io.BytesIO(_participants(4))
    upload.name = "participants.csv"
    response = client.post("/expos/cnea/import/", {"file": upload})
    assert response.status_code == 200
    assert Participant.objects.filter(expo=expo).count() == 4


def test_existing_participants_without_external_id_are_left_alone():
    expo = ExpoFactory()
    walk_in = ParticipantFactory(expo=expo, name="Walk-in")
    import_file(expo=expo, data=_participants(2), filename="participants.csv")
    assert Participant.objects.filter(expo=expo).count() == 3
    walk_in.refresh_from_db()
    assert walk_in.name == "Walk-in"


def _found(expo, query: str) -> list[str]:
    from tradefair.catalog.domain.search import search

    return [hit.name for hit in search(expo, query=query).hits]


def test_imported_exhibitors_are_found_at_once_and_renames_reach_every_expo():
    expo = ExpoFactory()
    other = ExpoFactory()
    organisations = b"organisation_id,legal_name,country\nORG-1,Harbin Boiler Works Co. Ltd.,CN\n"
    import_file(expo=expo, data=organisations, filename="organisations.csv")
    import_file(expo=expo, data=b"organisation_id,pavilion\nORG-1,\n", filename="exhibitors.csv")
    import_file(expo=other, data=b"organisation_id,pavilion\nORG-1,\n", filename="exhibitors.csv")
    assert _found(expo, "boiler") and _found(other, "boiler")

    renamed = b"organisation_id,legal_name,country\nORG-1,Harbin Turbine Works Co. Ltd.,CN\n"
    import_file(expo=expo, data=renamed, filename="organisations.csv")
    assert _found(expo, "boiler") == [] and _found(other, "boiler") == []
    assert _found(expo, "turbine") and _found(other, "turbine")
