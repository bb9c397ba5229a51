"""Organiser levels per expo: who holds which level, what each level may do, and the
migration that turned the plain organiser list into levels without losing anyone."""

from html.parser import HTMLParser

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from tests.deals.factories import make_deal
from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.errors import DomainError
from tradefair.deals.domain.access import deals_visible_to
from tradefair.deals.domain.rates import enter_rate
from tradefair.expos.models import ExpoStatus, Organiser, OrganiserLevel
from tradefair.expos.permissions import administers_expo, operates_expo, organiser_level, sees_as_organiser
from tradefair.onsite.domain.checkin import may_check_in, sees_entrance
from tradefair.people.models import RegistrationStatus, Role
from tradefair.reports.domain.publication import publish_results

BEFORE = [("expos", "0002_expo_organisers")]
AFTER = [("expos", "0003_organiser_levels")]


def _organiser(expo, level):
    user = UserFactory()
    expo.organisers.add(user, through_defaults={"level": level})
    return user


# ---------------------------------------------------------------------------
# Levels


@pytest.mark.django_db
def test_adding_an_organiser_without_a_level_makes_an_admin():
    expo = ExpoFactory()
    user = UserFactory()
    expo.organisers.add(user)
    assert Organiser.objects.get(expo=expo, user=user).level == OrganiserLevel.ADMIN
    assert organiser_level(user, expo) == OrganiserLevel.ADMIN


@pytest.mark.django_db
def test_platform_staff_is_admin_of_every_expo():
    staff = UserFactory(is_staff=True)
    expo = ExpoFactory()
    assert organiser_level(staff, expo) == OrganiserLevel.ADMIN
    assert administers_expo(staff, expo)


@pytest.mark.django_db
def test_a_level_holds_in_its_own_expo_only():
    expo, other = ExpoFactory(), ExpoFactory()
    user = _organiser(expo, OrganiserLevel.ADMIN)
    assert organiser_level(user, other) is None
    assert not sees_as_organiser(user, other)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "sees", "operates", "administers"),
    [
        (OrganiserLevel.VIEWER, True, False, False),
        (OrganiserLevel.STAFF, True, True, False),
        (OrganiserLevel.ADMIN, True, True, True),
        (None, False, False, False),
    ],
)
def test_each_level_reaches_as_far_as_its_meaning(level, sees, operates, administers):
    expo = ExpoFactory()
    user = _organiser(expo, level) if level else UserFactory()
    assert (sees_as_organiser(user, expo), operates_expo(user, expo), administers_expo(user, expo)) == (
        sees,
        operates,
        administers,
    )


@pytest.mark.django_db
def test_nobody_signed_out_or_without_an_expo_organises():
    from django.contrib.auth.models import AnonymousUser

    expo = ExpoFactory()
    assert organiser_level(AnonymousUser(), expo) is None
    assert organiser_level(UserFactory(), None) is None
    assert not sees_as_organiser(None, expo)


# ---------------------------------------------------------------------------
# What the levels do


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "scans"),
    [
        (RegistrationStatus.APPROVED, True),
        (RegistrationStatus.PENDING, False),
        (RegistrationStatus.CANCELLED, False),
        (RegistrationStatus.REJECTED, False),
    ],
)
def test_check_in_staff_scan_only_while_their_registration_is_approved(status, scans):
    gate = ParticipantFactory(roles=[Role.STAFF], status=status, user=UserFactory())
    assert may_check_in(gate.user, gate.expo) is scans


@pytest.mark.django_db
def test_a_participant_without_the_staff_role_does_not_scan():
    buyer = ParticipantFactory(roles=[Role.BUYER], user=UserFactory())
    assert not may_check_in(buyer.user, buyer.expo)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "scans"),
    [(OrganiserLevel.ADMIN, True), (OrganiserLevel.STAFF, True), (OrganiserLevel.VIEWER, False)],
)
def test_organisers_of_staff_and_admin_level_scan_and_viewers_read_the_entrance(level, scans):
    expo = ExpoFactory()
    user = _organiser(expo, level)
    assert may_check_in(user, expo) is scans
    assert sees_entrance(user, expo)


@pytest.mark.django_db
def test_a_viewer_sees_every_deal_of_the_expo():
    expo = ExpoFactory()
    deal = make_deal(expo)
    viewer = _organiser(expo, OrganiserLevel.VIEWER)
    assert list(deals_visible_to(expo, viewer)) == [deal]


@pytest.mark.django_db
@pytest.mark.parametrize("level", [OrganiserLevel.STAFF, OrganiserLevel.VIEWER])
def test_only_admins_publish_results_and_enter_rates(level):
    import datetime as dt

    expo = ExpoFactory()
    user = _organiser(expo, level)
    with pytest.raises(DomainError) as refused:
        publish_results(expo, by=user)
    assert refused.value.code == "results_forbidden"
    with pytest.raises(DomainError) as refused:
        enter_rate(expo, currency="USD", rate="7.1", valid_from=dt.date(2030, 8, 1), by=user)
    assert refused.value.code == "rate_forbidden"
    assert not expo.exchange_rates.exists()


@pytest.mark.django_db
def test_a_viewer_reads_the_review_queue_without_the_decision_form(client):
    expo = ExpoFactory(status=ExpoStatus.REGISTRATION_OPEN)
    ParticipantFactory(
        expo=expo, name="Batbayar", status=RegistrationStatus.PENDING, email_confirmed_at=timezone.now()
    )
    viewer = _organiser(expo, OrganiserLevel.VIEWER)
    client.force_login(viewer)

    page = client.get(f"/expos/{expo.slug}/registrations/review/").content.decode()

    assert "Batbayar" in page
    assert "review-form" not in page and "Import a list" not in page


@pytest.mark.django_db
def test_a_staff_organiser_reviews_registrations(client):
    expo = ExpoFactory(status=ExpoStatus.REGISTRATION_OPEN)
    ParticipantFactory(
        expo=expo, name="Batbayar", status=RegistrationStatus.PENDING, email_confirmed_at=timezone.now()
    )
    client.force_login(_organiser(expo, OrganiserLevel.STAFF))

    page = client.get(f"/expos/{expo.slug}/registrations/review/").content.decode()

    assert "Batbayar" in page and "review-form" in page


# ---------------------------------------------------------------------------
# The migration


@pytest.fixture
def back_to_the_latest_schema():
    """A migration test leaves the schema where it stopped: put every app back."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_every_organiser_as_an_admin(back_to_the_latest_schema):
    apps = _migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Expo = apps.get_model("expos", "Expo")
    first = User.objects.create(username="first-organiser")
    second = User.objects.create(username="second-organiser")
    expos = [
        Expo.objects.create(
            slug=f"old-{n}",
            edition=1,
            name={"en": "Old"},
            host_city={"en": "Changchun"},
            starts="2030-08-23",
            ends="2030-08-27",
        )
        for n in range(2)
    ]
    expos[0].organisers.add(first, second)
    expos[1].organisers.add(second)

    apps = _migrate(AFTER)

    rows = set(
        apps.get_model("expos", "Organiser").objects.values_list("expo__slug", "user__username", "level")
    )
    assert rows == {
        ("old-0", "first-organiser", "admin"),
        ("old-0", "second-organiser", "admin"),
        ("old-1", "second-organiser", "admin"),
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_can_be_undone_keeping_the_organisers(back_to_the_latest_schema):
    apps = _migrate(AFTER)
    User = apps.get_model("auth", "User")
    Expo = apps.get_model("expos", "Expo")
    Organiser = apps.get_model("expos", "Organiser")
    user = User.objects.create(username="viewer-organiser")
    expo = Expo.objects.create(
        slug="undone",
        edition=1,
        name={"en": "Old"},
        host_city={"en": "Changchun"},
        starts="2030-08-23",
        ends="2030-08-27",
    )
    Organiser.objects.create(expo=expo, user=user, level="viewer")

    apps = _migrate(BEFORE)

    expo = apps.get_model("expos", "Expo").objects.get(slug="undone")
    assert list(expo.organisers.values_list("username", flat=True)) == ["viewer-organiser"]


# ---------------------------------------------------------------------------
# The admin


class _FormFields(HTMLParser):
    """The values a browser would send for a page's forms (inputs, selects, textareas)."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("submit", "checkbox", "file"):
            self.data[name] = attrs.get("value") or ""
        elif tag == "input" and name and attrs.get("type") == "checkbox" and "checked" in attrs:
            self.data[name] = attrs.get("value") or "on"
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, "")
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


@pytest.mark.django_db
def test_the_admin_changes_an_organisers_level_in_the_expos_inline(admin_client):
    expo = ExpoFactory()
    user = UserFactory()
    expo.organisers.add(user)
    url = f"/admin/expos/expo/{expo.pk}/change/"
    page = admin_client.get(url)
    fields = _FormFields()
    fields.feed(page.content.decode())
    prefix = next(name[: -len("-TOTAL_FORMS")] for name in fields.data if name.startswith("organiser"))
    assert fields.data[f"{prefix}-0-level"] == OrganiserLevel.ADMIN

    response = admin_client.post(url, {**fields.data, f"{prefix}-0-level": OrganiserLevel.VIEWER})

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Organiser.objects.get(expo=expo, user=user).level == OrganiserLevel.VIEWER


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("level", "operates"), [(OrganiserLevel.VIEWER, False), (OrganiserLevel.STAFF, True)]
)
def test_the_organisers_links_offer_each_level_what_it_may_open(client, level, operates):
    expo = ExpoFactory(status=ExpoStatus.REGISTRATION_OPEN)
    client.force_login(_organiser(expo, level))

    page = client.get(f"/expos/{expo.slug}/register/").content.decode()

    assert "Registrations to review" in page
    assert ("Import a list" in page, "Badges" in page) == (operates, operates)
