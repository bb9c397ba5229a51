"""Issue #16, "Done when": a buyer's whole journey in a real browser (Debian's Chromium
through Playwright), through pages only, in two languages. The buyer registers on the
public form, confirms by the e-mail's link, chooses a password, is approved by the
organiser from the review queue, signs in, adds a need and gets recommendations, asks an
exhibitor for a meeting; the exhibitor (another browser context) accepts; the organiser
opens, runs and publishes a first round, then a second on an overlapping day, and the
pair is not scheduled again; the buyer records the meeting as held and a deal from it;
the organiser confirms it and publishes the results again, and the public page shows the
deal in publication 2 while publication 1's figure stays what it was."""

import datetime as dt
import re
import shutil

import babel.dates
import pytest
from django.core import mail
from django.utils import timezone, translation
from django.utils.translation import ngettext

from tests.chromium import sign_in
from tests.deals.factories import make_deal
from tests.factories import ExpoFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tests.journeys.conftest import t
from tests.program.factories import EventFactory, SessionFactory
from tradefair.common.models import LanguagePreference
from tradefair.deals.models import Deal
from tradefair.expos.models import ExpoStatus, Organiser, OrganiserLevel
from tradefair.matchmaking.models import Meeting
from tradefair.people.models import Offer, Participant, RegistrationStatus, Role
from tradefair.reports.domain.wording import in_large_units

PASSWORD = "Journey-pass-2026"
BABEL_LOCALES = {"en": "en", "ru": "ru"}
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not shutil.which("chromium"), reason="Debian's chromium is not installed"),
]


def _expo_today():
    return timezone.now().astimezone(dt.timezone(dt.timedelta(hours=8))).date()


@pytest.fixture(params=["en", "ru"])
def world(request):
    """The expo runs from yesterday to the day after tomorrow (Asia/Shanghai), so that a
    round of yesterday has meetings that have begun and requests are still open; one
    organiser administers it; two exhibitors offer sawn timber; one deal was published."""
    language = request.param
    today = _expo_today()
    tomorrow_morning = dt.datetime.combine(today + dt.timedelta(days=1), dt.time(14), tzinfo=dt.UTC)
    expo = ExpoFactory(
        slug="cnea",
        status=ExpoStatus.REGISTRATION_OPEN,
        starts=today - dt.timedelta(days=1),
        ends=today + dt.timedelta(days=2),
        time_zone="Asia/Shanghai",
        name={"en": "CNEA Expo", "ru": "ЭКСПО Китай — Северо-Восточная Азия", "zh-hans": "东北亚博览会"},
    )
    chair = UserFactory(username="chair", password=PASSWORD, email="chair@example.com")
    Organiser.objects.create(expo=expo, user=chair, level=OrganiserLevel.ADMIN)
    exhibitors = {}
    for username, company, person in (
        ("jilin", "Jilin Wood Co.", "Li Wei"),
        ("harbin", "Harbin Forest Products", "Zhang Min"),
    ):
        user = UserFactory(username=username, password=PASSWORD, email=f"{username}@example.com")
        exhibitor = ParticipantFactory(
            expo=expo,
            user=user,
            name=person,
            country="CN",
            roles=[Role.EXHIBITOR],
            organisation=OrganisationFactory(legal_name=company, country="CN"),
        )
        Offer.objects.create(participant=exhibitor, hs_code="440711", text="Sawn pine timber")
        exhibitors[username] = exhibitor
    for user in (chair, exhibitors["jilin"].user, exhibitors["harbin"].user):
        LanguagePreference.objects.create(user=user, language=language)
    make_deal(expo, by=chair, amount="728670000.00")
    session = SessionFactory(
        event=EventFactory(
            expo=expo, starts_at=tomorrow_morning, ends_at=tomorrow_morning + dt.timedelta(hours=8)
        ),
        starts_at=tomorrow_morning,
        ends_at=tomorrow_morning + dt.timedelta(hours=2),
        capacity=50,
    )
    with translation.override(language):
        figures = {
            "before": in_large_units("728670000.00", "CNY", language),
            "after": in_large_units("731800000.00", "CNY", language),
        }
    return {"language": language, "expo": expo, "today": today, "figures": figures, "session": session.pk}


def _link(message, contains: str) -> str:
    return next(link for link in re.findall(r"https?://\S+", message.body) if contains in link)


def _click(page, selector: str, **options) -> None:
    with page.expect_navigation():
        page.locator(selector, **options).first.click()


def _organiser_menu(page, base: str, language: str, group: str, item: str) -> None:
    """An organiser page, reached from the organiser navigation of the expo's home page."""
    page.goto(f"{base}/expos/cnea/")
    page.click(f"nav.organiser-nav summary:has-text('{t(language, group)}')")
    _click(page, f"nav.organiser-nav a:text-is('{t(language, item)}')")


def _matchmaking(page, language: str, item: str) -> None:
    """A participant's matchmaking page, from the matchmaking navigation."""
    _click(page, f"nav.mm-nav a:text-is('{t(language, item)}')")


def _open_round(desk, base: str, language: str, name: str, days: list[dt.date], max_meetings: int) -> None:
    """The organiser opens a round on the rounds page, runs it and publishes the agendas."""
    _organiser_menu(desk, base, language, "Matchmaking", "Matchmaking rounds")
    desk.fill("input[name=name]", name)
    desk.fill("input[name=days]", ", ".join(day.isoformat() for day in days))
    desk.fill("input[name=day_starts]", "09:00")
    desk.fill("input[name=day_ends]", "10:00")
    desk.fill("input[name=slot_minutes]", "20")
    desk.fill("input[name=tables]", "5")
    desk.fill("input[name=max_meetings]", str(max_meetings))
    desk.fill("input[name=min_meetings]", "0")
    desk.fill("input[name=time_limit]", "5")
    _click(desk, "form.form-grid button[type=submit]")
    assert desk.locator("h1").inner_text().startswith(name)
    _click(desk, "#run-round")
    _click(desk, "form[action$='/publish/'] button")


def _new_notifications(language: str, count: int) -> str:
    with translation.override(language):
        return ngettext("%(counter)s new notification", "%(counter)s new notifications", count) % {
            "counter": count
        }


def _agenda_rows(page, language: str) -> list[str]:
    _matchmaking(page, language, "My agenda")
    return page.locator("#agenda tbody tr").all_inner_texts()


def test_a_buyer_goes_from_registration_to_a_published_deal(live_server, new_page, world):
    language, base, expo = world["language"], live_server.url, world["expo"]
    email = f"ivan.{language}@example.com"

    # The organiser publishes the results as they stand: publication 1.
    desk = new_page(language)
    sign_in(desk, base, "chair", PASSWORD)
    _organiser_menu(desk, base, language, "Results", "Results")
    _click(desk, "form[action$='/results/publication/'] button[type=submit]")
    assert t(language, "Publication %(number)s: the results as they stand now are public.", number=1) in (
        desk.locator(".messages").inner_text()
    )

    # 1. The buyer registers on the public form, in their language.
    buyer = new_page(language)
    buyer.goto(f"{base}/expos/cnea/?lang={language}")
    _click(buyer, f"a:text-is('{t(language, 'Register')}')")
    _click(buyer, "a[href$='/register/buyer/']")
    buyer.fill("input[name=name]", "Иван Петров")
    buyer.fill("input[name=name_latin]", "Ivan Petrov")
    buyer.fill("input[name=email]", email)
    buyer.select_option("select[name=country]", "RU")
    buyer.fill("input[name=organisation_name]", "Amur Timber LLC")
    _click(buyer, "form button.primary")
    assert buyer.locator("h1").inner_text() == t(language, "Check your e-mail")

    # 2. The e-mail's link confirms and asks for a password.
    buyer.goto(_link(mail.outbox[-1], "/confirm/"))
    assert buyer.locator("h1").inner_text() == t(language, "Choose your password")
    buyer.fill("input[name=new_password1]", "Sunflower-2026!")
    buyer.fill("input[name=new_password2]", "Sunflower-2026!")
    _click(buyer, "form.stacked-form button.primary")
    assert buyer.locator("h1").inner_text() == t(language, "Your password is saved")

    # The buyer signs in while the registration waits and tries the programme and
    # matchmaking: both say that the registration awaits approval (not "register first",
    # not "not allowed"); then signs out.
    sign_in(buyer, base, email, "Sunflower-2026!")
    buyer.goto(f"{base}/expos/cnea/")
    _click(buyer, f"a:text-is('{t(language, 'Programme')}')")
    _click(buyer, f"#session-{world['session']} .signup-form button")
    assert buyer.locator(".messages").inner_text() == t(
        language,
        "Your registration awaits the organisers' approval: you can sign up for sessions once it is approved.",
    )
    _click(buyer, f"a:text-is('{t(language, 'Matchmaking')}')")
    assert buyer.locator("#awaiting-approval").inner_text() == t(
        language,
        "Your registration awaits the organisers' approval. Once it is approved you take part in matchmaking; "
        "we tell you by e-mail.",
    )
    _click(buyer, f"button:text-is('{t(language, 'Log out')}')")

    # 3. The organiser approves from the review queue.
    _organiser_menu(desk, base, language, "Registrations", "Registrations to review")
    row = desk.locator("table.review-list tbody tr", has_text="Иван Петров")
    row.locator("select[name=decision]").select_option("approve")
    with desk.expect_navigation():
        row.locator("button[type=submit]").click()
    assert Participant.objects.get(email=email).status == RegistrationStatus.APPROVED

    # 4. The approval e-mail, in the buyer's language, leads to the sign-in page.
    approval = mail.outbox[-1]
    assert approval.to == [email] and expo.name[language] in approval.subject
    buyer.goto(_link(approval, "/accounts/login/"))
    buyer.fill("input[name=username]", email)
    buyer.fill("input[name=password]", "Sunflower-2026!")
    _click(buyer, "form.stacked-form button[type=submit]")
    assert buyer.locator("h1").inner_text() == t(language, "Business matchmaking")
    assert buyer.locator("html").get_attribute("lang") == language

    # Approved, the buyer takes a seat in the programme.
    buyer.goto(f"{base}/expos/cnea/")
    _click(buyer, f"a:text-is('{t(language, 'Programme')}')")
    _click(buyer, f"#session-{world['session']} .signup-form button")
    assert buyer.locator(".messages").inner_text() == t(language, "Your seat is confirmed.")
    _click(buyer, f"a:text-is('{t(language, 'Matchmaking')}')")

    # 5. No recommendation before the buyer says what they need; then both exhibitors.
    assert buyer.locator("p.empty").inner_text() == t(
        language,
        "No recommendation matches yet. Add what you offer and need to your profile, or change the filters.",
    )
    _matchmaking(buyer, language, "What I offer and need")
    buyer.select_option("select[name=kind]", "need")
    buyer.fill("input[name=hs_code]", "440711")
    buyer.fill("input[name=text]", "Пиломатериалы из сосны")
    _click(buyer, "form.form-grid button", has_text=t(language, "Add"))
    assert (
        t(language, "Saved; your recommendations were refreshed.") in buyer.locator(".messages").inner_text()
    )
    _matchmaking(buyer, language, "Recommended for you")
    recommended = buyer.locator("#recommendations tbody tr")
    assert recommended.count() == 2
    assert "Jilin Wood Co." in recommended.all_inner_texts()[0] + recommended.all_inner_texts()[1]

    # 6. A meeting request to Jilin Wood, in one click.
    jilin_row = buyer.locator("#recommendations tbody tr", has_text="Jilin Wood Co.")
    with buyer.expect_navigation():
        jilin_row.locator("button", has_text=t(language, "Request a meeting")).click()
    assert t(language, "Your request was sent to %(name)s.", name="Li Wei") in (
        buyer.locator(".messages").inner_text()
    )

    # 7. The exhibitor, signed in elsewhere, is told of the request and accepts it.
    exhibitor = new_page(language)
    sign_in(exhibitor, base, "jilin", PASSWORD)
    exhibitor.goto(f"{base}/expos/cnea/")
    _click(exhibitor, f"a:text-is('{t(language, 'Matchmaking')}')")
    assert exhibitor.locator("p.message").inner_text() == _new_notifications(language, 1)
    _matchmaking(exhibitor, language, "Requests")
    request_row = exhibitor.locator("#requests tbody tr", has_text="Иван Петров")
    with exhibitor.expect_navigation():
        request_row.locator("button", has_text=t(language, "Accept")).first.click()
    assert t(language, "Accepted.") in exhibitor.locator(".messages").inner_text()
    _matchmaking(buyer, language, "Recommended for you")
    assert buyer.locator("p.message").inner_text() == _new_notifications(language, 1)

    # 8. Round 1, yesterday, one meeting each: the accepted request is scheduled.
    yesterday = world["today"] - dt.timedelta(days=1)
    tomorrow = world["today"] + dt.timedelta(days=1)
    _open_round(desk, base, language, "Day 1", [yesterday], max_meetings=1)
    rows = _agenda_rows(buyer, language)
    assert len(rows) == 1 and "Li Wei" in rows[0], rows
    # On the expo's clock (Asia/Shanghai), written with the language's CLDR patterns.
    slot = Meeting.objects.get(counterpart__name="Li Wei").slot
    starts, ends = (
        moment.astimezone(expo.tz).replace(tzinfo=None) for moment in (slot.starts_at, slot.ends_at)
    )
    day = babel.dates.format_skeleton("MMMEd", starts, locale=BABEL_LOCALES[language])
    assert day in rows[0] and f"{starts:%H:%M}–{ends:%H:%M}" in rows[0], rows[0]

    # 9. Round 2 on the same day and the next, more meetings each: Harbin is added, Jilin
    # is not scheduled again.
    _open_round(desk, base, language, "Days 1-2", [yesterday, tomorrow], max_meetings=4)
    rows = _agenda_rows(buyer, language)
    assert sum("Li Wei" in row for row in rows) == 1, rows
    assert sum("Zhang Min" in row for row in rows) == 1, rows
    buyer_participant = Participant.objects.get(email=email)
    assert (
        Meeting.objects.filter(requester=buyer_participant).count()
        + Meeting.objects.filter(counterpart=buyer_participant).count()
        == 2
    )

    # 10. The meeting with Jilin Wood was held (yesterday): the buyer records it.
    jilin_meeting = buyer.locator("#agenda tbody tr", has_text="Li Wei")
    jilin_meeting.locator("select[name=outcome]").select_option("held")
    with buyer.expect_navigation():
        jilin_meeting.locator("button", has_text=t(language, "Record")).click()
    assert t(language, "Outcome recorded.") in buyer.locator(".messages").inner_text()
    jilin_meeting = buyer.locator("#agenda tbody tr", has_text="Li Wei")
    assert t(language, "Held") in jilin_meeting.locator(".status").inner_text()

    # 11. A deal from the agenda, one click: both parties and the meeting are filled in.
    with buyer.expect_navigation():
        jilin_meeting.locator("a.record-deal").click()
    chosen = buyer.locator("#chosen-parties li").all_inner_texts()
    assert any("Amur Timber LLC" in party for party in chosen), chosen
    assert any("Jilin Wood Co." in party for party in chosen), chosen
    assert buyer.locator("select[name=meeting]").input_value() != ""
    buyer.select_option("select[name=status]", "signed")
    buyer.fill("input[name=amount]", "3130000.00")
    _click(buyer, ".deal-form button[type=submit]")
    assert buyer.url.endswith("/expos/cnea/deals/")
    deal = Deal.objects.exclude(amount=728670000).get()
    assert deal.meeting.requester == buyer_participant
    # Its parties see it (the buyer, and Jilin Wood's people); another exhibitor does not.
    assert "Jilin Wood Co." in buyer.locator(f"#deal-{deal.pk}").inner_text()
    exhibitor.goto(f"{base}/expos/cnea/deals/")
    assert exhibitor.locator(f"#deal-{deal.pk}").count() == 1
    other = new_page(language)
    sign_in(other, base, "harbin", PASSWORD)
    other.goto(f"{base}/expos/cnea/deals/")
    assert other.locator("tr[id^=deal-]").count() == 0
    assert other.locator("p.empty").inner_text() == t(language, "Your organisation has no deals here yet.")

    # 12. The organiser confirms it; the public still reads publication 1.
    _organiser_menu(desk, base, language, "Deals", "Deals")
    _click(desk, "button[name=action][value=confirm]")
    visitor = new_page(language)
    visitor.goto(f"{base}/expos/cnea/")
    _click(visitor, f"a:text-is('{t(language, 'Results')}')")
    assert visitor.locator("#figure-trade_volume .value").inner_text() == world["figures"]["before"]

    # 13. Published again: publication 2 shows the deal; publication 1 keeps its figure.
    _organiser_menu(desk, base, language, "Results", "Results")
    _click(desk, "button[name=action][value=publish]")
    assert t(language, "Publication %(number)s: the results as they stand now are public.", number=2) in (
        desk.locator(".messages").inner_text()
    )
    visitor.reload()
    assert visitor.locator("#figure-trade_volume .value").inner_text() == world["figures"]["after"]
    page = visitor.locator("body").inner_text()
    assert t(language, "First publication") in page
    assert t(language, "Publication %(number)s", number=2) in page
    trade = t(language, "Trade volume")
    changed = next(line for line in page.splitlines() if "→" in line and trade in line)
    before, after = changed.split(trade)[1].split(";")[0].split("→")
    assert world["figures"]["before"] in before and world["figures"]["after"] in after, changed
