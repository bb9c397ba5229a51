import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.deals.factories import make_deal, organiser
from tests.factories import ExpoFactory, InvestmentProjectFactory, ParticipantFactory, UserFactory
from tradefair.deals.models import DealKind
from tradefair.reports.domain.exports import request_export
from tradefair.reports.domain.publication import publish_results
from tradefair.reports.domain.results import compute_results
from tradefair.reports.models import ExportStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def expo():
    expo = ExpoFactory(slug="cnea-2019")
    user = organiser(expo)
    make_deal(expo, by=user, amount="728000000.00")
    make_deal(expo, by=user, amount="93750.00", currency="USD", signed_on=dt.date(2019, 8, 26))
    project = InvestmentProjectFactory(expo=expo)
    make_deal(expo, by=user, kind=DealKind.INVESTMENT_AGREEMENT, amount="150000000.00", project_id=project.pk)
    make_deal(expo, by=user, amount="1000.00", currency="MNT")
    ParticipantFactory(expo=expo, country="RU")
    return expo


def test_the_communique_states_the_database_figures(expo, client):
    client.force_login(organiser(expo))
    figures = compute_results(expo).figures

    page = client.get("/expos/cnea-2019/results/communique/", HTTP_ACCEPT_LANGUAGE="en").content.decode()

    expected = f"{(figures['trade_volume'] / 1000000).quantize(Decimal('0.01')):,}"
    assert f"trade volume of {expected} million yuan and 1 contracted project." in page
    assert "1 merchant from 1 country or region took part" in page
    assert "1 deal is left out of the totals" in page


def test_the_json_report_lists_the_deals_behind_each_amount(expo, tmp_path):
    call_command(
        "report",
        expo="cnea-2019",
        format="json",
        lang="en",
        output=str(tmp_path / "r.json"),
        stderr=io.StringIO(),
    )
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    results = compute_results(expo)

    assert document["figures"]["trade_volume"] == f"{results.figures['trade_volume']:.2f}"
    assert document["sources"]["trade_volume"]["deal_ids"] == results.sources["trade_volume"]["deal_ids"]
    assert document["unconverted_deals"] == results.unconverted_deals
    assert "728" in document["communique"]["text"]


@pytest.mark.parametrize("language", ["zh-hans", "ru", "en", "ar"])
def test_the_pdf_and_workbook_are_written_in_every_script(expo, language, tmp_path):
    for file_format in ("pdf", "xlsx", "md"):
        target = tmp_path / f"report.{file_format}"
        call_command(
            "report",
            expo="cnea-2019",
            format=file_format,
            lang=language,
            output=str(target),
            stderr=io.StringIO(),
        )
        content = target.read_bytes()
        assert len(content) > 500
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")
    book = load_workbook(tmp_path / "report.xlsx")
    deals = book.worksheets[-1]
    assert deals.max_row == 1 + 4


def test_the_dashboard_is_for_organisers_until_published(expo, client):
    assert client.get("/expos/cnea-2019/results/").status_code == 404
    client.force_login(organiser(expo))
    page = client.get("/expos/cnea-2019/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Publish the results" in page and "<svg" in page and "no exchange rate is known" in page

    publish_results(expo, by=organiser(expo))
    client.logout()
    page = client.get("/expos/cnea-2019/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Published results" in page and "Publish the results" not in page
    fragment = client.get("/expos/cnea-2019/results/?fragment=1").content.decode()
    assert "figure-trade_volume" in fragment and "<html" not in fragment


@pytest.mark.parametrize("language", ["zh-hans", "en", "ja", "ko", "ru", "mn", "fr", "de", "es", "ar"])
def test_the_dashboard_and_communique_render_in_every_interface_language(expo, client, language):
    client.force_login(organiser(expo))
    for url in ("/expos/cnea-2019/results/", "/expos/cnea-2019/results/communique/"):
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200 and response["Content-Language"] == language


def test_exports_are_prepared_and_downloaded_by_organisers(expo, client, django_capture_on_commit_callbacks):
    user = organiser(expo)
    with django_capture_on_commit_callbacks(execute=True):
        job = request_export(expo, dataset="deals", file_format="csv", by=user)
    job.refresh_from_db()
    assert job.status == ExportStatus.READY and job.rows == 4

    client.force_login(user)
    body = client.get(f"/expos/cnea-2019/results/exports/{job.pk}/").content.decode("utf-8-sig")
    lines = body.strip().splitlines()
    assert lines[0].startswith("id,kind,status") and len(lines) == 5

    with django_capture_on_commit_callbacks(execute=True):
        xlsx = request_export(expo, dataset="participants", file_format="xlsx", by=user)
    xlsx.refresh_from_db()
    assert xlsx.status == ExportStatus.READY and xlsx.rows == 1

    client.force_login(UserFactory())
    assert client.get(f"/expos/cnea-2019/results/exports/{job.pk}/").status_code == 404


def test_the_deal_list_page_shows_the_missing_rate(expo, client):
    client.force_login(organiser(expo))
    page = client.get("/expos/cnea-2019/deals/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "no rate" in page and "$93,750.00" in page
    assert client.get("/expos/cnea-2019/deals/?unconverted=1").context["page"].paginator.count == 1
