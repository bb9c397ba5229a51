"""Issue #16, "Done when": an organiser opens and runs a matchmaking round from the
organiser pages in a real browser (Debian's Chromium through Playwright), in two
languages, and reads its report: how many meetings, their value beside first come, first
served booking of the same requests and recommendations, and the engine's bound on the
value; the meetings listed are the ones counted."""

import shutil

import pytest
from django.utils import formats, translation

from tests.factories import UserFactory
from tests.journeys.conftest import t
from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.common.models import LanguagePreference
from tradefair.expos.models import Organiser, OrganiserLevel
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.domain.report import report_data, report_lines
from tradefair.matchmaking.models import Round, RoundStatus
from tradefair.people.models import Role

PASSWORD = "Round-table-2030!"
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


@pytest.fixture(params=["en", "ru"])
def world(request):
    """Eight buyers who need excavators or chips, four Chinese exhibitors who offer them,
    recommendations computed, and three accepted requests the round must schedule."""
    expo = make_expo(slug="cnea")
    chair = UserFactory(username="chair", password=PASSWORD)
    Organiser.objects.create(expo=expo, user=chair, level=OrganiserLevel.ADMIN)
    buyers = [
        person(expo, country=country, needs=[("842952", ""), ("854231", "")], roles=[Role.BUYER])
        for country in ("RU", "MN", "KR", "JP", "RU", "MN", "KR", "JP")
    ]
    exhibitors = [
        person(expo, country="CN", offers=[(code, "")], roles=[Role.EXHIBITOR])
        for code in ("842952", "842952", "854231", "854231")
    ]
    compute_recommendations(expo)
    for buyer, exhibitor in zip(buyers[:3], exhibitors[:3], strict=True):
        sent = request_actions.send_request(buyer, recipient=exhibitor)
        request_actions.accept_request(sent, by=exhibitor)
    LanguagePreference.objects.create(user=chair, language=request.param)
    return {"language": request.param, "expo": expo}


def _number(value, language: str) -> str:
    """A figure as the page shows it (Django localizes numbers in templates)."""
    if isinstance(value, str):
        return value
    with translation.override(language):
        return formats.localize(value, use_l10n=True)


def test_an_organiser_runs_a_round_from_the_pages_and_reads_its_report(live_server, new_page, world):
    language, base = world["language"], live_server.url
    page = new_page(language)
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", "chair")
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("form.stacked-form button[type=submit]")

    # The rounds page, from the organiser navigation.
    page.goto(f"{base}/expos/cnea/")
    page.click(f"nav.organiser-nav summary:has-text('{t(language, 'Matchmaking')}')")
    with page.expect_navigation():
        page.click(f"nav.organiser-nav >> text={t(language, 'Matchmaking rounds')}")
    assert page.locator("h1").inner_text() == t(language, "Matchmaking rounds")
    assert page.locator("p.empty").inner_text() == t(language, "No round yet: open the first one below.")

    # Open a round on the expo's first two days (the form proposes every day), two hours
    # each with three tables, and run it.
    page.fill("input[name=name]", "Machinery day")
    page.fill("input[name=days]", "2030-08-23, 2030-08-24")
    page.fill("input[name=day_starts]", "09:00")
    page.fill("input[name=day_ends]", "11:00")
    page.fill("input[name=tables]", "3")
    page.fill("input[name=max_meetings]", "3")
    page.fill("input[name=time_limit]", "5")
    with page.expect_navigation():
        page.click("form.form-grid button[type=submit]")
    assert page.locator("h1").inner_text().startswith("Machinery day")
    assert page.locator("p.empty").inner_text() == t(language, "No meetings yet: run the round.")
    with page.expect_navigation():
        page.click("#run-round")

    round_ = Round.objects.get(expo=world["expo"])
    assert round_.status == RoundStatus.SCHEDULED
    data = report_data(round_)
    engine, baseline = data["engine"], data["baseline"]
    assert engine["meetings"] > 0 and engine["required_scheduled"] == 3
    assert engine["weight"] >= baseline["weight"]

    # The report, line by line, in the organiser's language.
    assert t(language, "Report") in page.locator("h2").all_inner_texts()
    headers = page.locator("#report thead th").all_inner_texts()
    assert headers[1:] == [t(language, "This schedule"), t(language, "First come, first served")]
    lines = {
        row.locator("th").inner_text(): row.locator("td").all_inner_texts()
        for row in page.locator("#report tbody tr").all()
    }
    assert lines[t(language, "Meetings")] == [
        _number(engine["meetings"], language),
        _number(baseline["meetings"], language),
    ]
    assert lines[t(language, "Accepted requests scheduled")][0] == "3 / 3"
    assert lines[t(language, "Total value of meetings")] == [
        _number(round(engine["weight"], 2), language),
        _number(round(baseline["weight"], 2), language),
    ]
    bound = lines[t(language, "Upper bound on the value")][0]
    assert bound == "–" or float(bound.replace(",", ".").replace("\xa0", "")) >= engine["weight"] - 0.01
    # Every line says what the report holds, and the better figure of each is marked.
    with translation.override(language):
        expected = report_lines(round_)
    assert list(lines) == [str(line.label) for line in expected]
    for line in expected:
        row = page.locator("#report tbody tr").nth(expected.index(line)).locator("td")
        assert [row.nth(0).inner_text(), row.nth(1).inner_text()] == [
            _number(line.engine, language),
            _number(line.baseline, language),
        ], line.label
        marked = [row.nth(i).get_attribute("class") == "better" for i in (0, 1)]
        assert marked == [line.winner == "engine", line.winner == "baseline"], line.label

    # The meetings listed are the ones counted, at times in the expo's time zone.
    assert page.locator("#meetings tbody tr").count() == engine["meetings"]
    zone = t(language, "Times are in the expo's time zone (%(zone)s).", zone="").split("(")[0]
    assert page.locator("p.muted", has_text=zone).count() == 1

    # Publishing sends the agendas.
    with page.expect_navigation():
        page.click(f"button:has-text('{t(language, 'Publish the agendas')}')")
    assert t(language, "Published.") in page.locator(".messages").inner_text()
    round_.refresh_from_db()
    assert round_.status == RoundStatus.PUBLISHED
