"""A publication freezes the results: what the public reads does not move when a deal is
recorded afterwards; the organisers see what changed, and publishing again makes
publication 2, listed with publication 1 in the update history (issue #16, item 5)."""

import io
import json

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from tests.deals.factories import make_deal, organiser
from tests.factories import ExpoFactory, ParticipantFactory
from tradefair.reports.domain.publication import (
    current_publication,
    publication_history,
    publish_results,
    withdraw_results,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def expo():
    expo = ExpoFactory(slug="cnea-2019")
    make_deal(expo, amount="728670000.00")
    make_deal(expo, amount="1000.00", currency="MNT")  # no rate: an organisers' warning
    ParticipantFactory(expo=expo, country="RU")
    return expo


@pytest.fixture
def admin(expo):
    return organiser(expo)


def _public_headline(client, expo) -> str:
    page = client.get(f"/expos/{expo.slug}/results/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return page


def test_a_deal_recorded_after_publishing_changes_nothing_public_until_published_again(client, expo, admin):
    publish_results(expo, by=admin)
    make_deal(expo, by=admin, amount="3130000.00")

    # The public: the published figure, everywhere.
    assert client.get("/api/v1/expos/cnea-2019/results").json()["figures"]["trade_volume"] == "728670000.00"
    page = _public_headline(client, expo)
    assert "728.67" in page and "731.80" not in page
    communique = client.get("/expos/cnea-2019/results/communique/?format=md", HTTP_ACCEPT_LANGUAGE="en")
    assert "728.67 million yuan" in communique.content.decode()

    # The organisers: the live figures and what changed since the publication.
    client.force_login(admin)
    page = _public_headline(client, expo)
    assert "Changes since publication 1" in page
    assert "Trade volume: 728.67 million yuan → 731.80 million yuan" in page
    assert "Deals signed: 2 → 3" in page
    assert client.get("/api/v1/expos/cnea-2019/results?live=true").json()["figures"]["trade_volume"] == (
        "731800000.00"
    )

    response = client.post("/expos/cnea-2019/results/publication/", {"action": "publish"})
    assert response.status_code == 302
    client.logout()

    body = client.get("/api/v1/expos/cnea-2019/results").json()
    assert body["figures"]["trade_volume"] == "731800000.00"
    assert body["publication"]["number"] == 2
    history = body["publication"]["history"]
    assert [entry["number"] for entry in history] == [1, 2]
    assert history[0]["changes"] == {}
    assert history[1]["changes"]["trade_volume"] == {"before": "728670000.00", "after": "731800000.00"}
    assert all(entry["published_at"].endswith("+08:00") for entry in history)
    page = _public_headline(client, expo)
    assert "731.80" in page and "Update history" in page
    assert "Publication 1" in page and "First publication" in page
    assert "Publication 2" in page and "Trade volume: 728.67 million yuan → 731.80 million yuan" in page
    assert "Updated: publication 2" in page


def test_publishing_again_with_nothing_changed_makes_no_new_publication(expo, admin):
    first = publish_results(expo, by=admin)
    again = publish_results(expo, by=admin)
    assert again.pk == first.pk and not again.created
    assert [publication.number for publication in publication_history(expo)] == [1]


def test_a_withdrawn_publication_stays_in_the_history_and_the_next_is_numbered_after_it(client, expo, admin):
    publish_results(expo, by=admin)
    withdraw_results(expo, by=admin)
    assert client.get("/api/v1/expos/cnea-2019/results").status_code == 403
    expo.__dict__.pop("_current_publication", None)
    assert current_publication(expo) is None

    publish_results(expo, by=admin)

    history = client.get("/api/v1/expos/cnea-2019/results").json()["publication"]["history"]
    assert [entry["number"] for entry in history] == [1, 2]
    assert history[0]["withdrawn_at"] is not None and history[1]["withdrawn_at"] is None


def test_the_public_results_hold_no_sql_and_no_internal_warnings(client, expo, admin, tmp_path):
    publish_results(expo, by=admin)

    body = client.get("/api/v1/expos/cnea-2019/results").json()
    text = json.dumps(body)
    assert "SELECT" not in text and '"query"' not in text
    assert body["sources"]["participants"] == {"criterion": "approved_participants"}
    assert body["sources"]["trade_volume"]["deal_ids"]

    call_command(
        "report",
        expo="cnea-2019",
        format="json",
        lang="en",
        output=str(tmp_path / "r.json"),
        stderr=io.StringIO(),
    )
    document = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert "SELECT" not in json.dumps(document)
    assert "warnings" not in document["communique"] and document["publication"]["number"] == 1
    page = client.get("/expos/cnea-2019/results/communique/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "left out of the totals" not in page

    # The organisers' draft keeps the warning meant for them.
    call_command(
        "report",
        expo="cnea-2019",
        format="json",
        lang="en",
        live=True,
        output=str(tmp_path / "live.json"),
        stderr=io.StringIO(),
    )
    live = json.loads((tmp_path / "live.json").read_text(encoding="utf-8"))
    assert "left out of the totals" in live["communique"]["warnings"][0]


def test_every_format_of_the_published_communique_comes_from_the_snapshot(expo, admin, tmp_path):
    publish_results(expo, by=admin)
    make_deal(expo, by=admin, amount="3130000.00")
    for file_format in ("md", "pdf", "xlsx"):
        call_command(
            "report",
            expo="cnea-2019",
            format=file_format,
            lang="en",
            output=str(tmp_path / f"r.{file_format}"),
            stderr=io.StringIO(),
        )
    markdown = (tmp_path / "r.md").read_text(encoding="utf-8")
    assert "728.67 million yuan" in markdown and "731.80" not in markdown
    assert "Update history" in markdown and "First publication" in markdown
    book = load_workbook(tmp_path / "r.xlsx")
    # The public workbook has no deal list: the amounts are the parties' business.
    assert "deals" not in book.sheetnames
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
