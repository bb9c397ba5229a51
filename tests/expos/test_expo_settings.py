"""An expo's settings and organiser team, kept by the expo's own administrators."""

import html
import re

import pytest

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.errors import DomainError
from tradefair.common.models import AuditEntry
from tradefair.expos.domain.organisers import (
    add_organiser,
    change_organiser_level,
    get_organiser,
    remove_organiser,
)
from tradefair.expos.domain.settings import update_expo_settings
from tradefair.expos.models import Expo, Organiser, OrganiserLevel

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def team():
    """An expo with one organiser at each of the three nested levels (the finance level
    stands beside them and has tests of its own in tests/commerce), a participant, and
    another expo's admin."""
    expo = ExpoFactory(slug="cnea", languages=["zh-hans", "en"], time_zone="Asia/Shanghai")
    levels = [OrganiserLevel.ADMIN, OrganiserLevel.STAFF, OrganiserLevel.VIEWER]
    people = {str(level): UserFactory(username=f"org-{level}") for level in levels}
    for level, user in people.items():
        Organiser.objects.create(expo=expo, user=user, level=level)
    people["participant"] = ParticipantFactory(expo=expo).user
    people["other_admin"] = UserFactory(username="other-admin")
    ExpoFactory(slug="other").organisers.add(people["other_admin"])
    people["platform"] = UserFactory(username="platform", is_staff=True)
    people["public"] = None
    return expo, people


NOT_ADMINS = ["staff", "viewer", "participant", "other_admin", "public"]


# ---------------------------------------------------------------------------
# Settings


@pytest.mark.parametrize("who", ["admin", "platform"])
def test_an_admin_changes_the_languages_time_zone_and_retention(team, who):
    expo, people = team

    changed = update_expo_settings(
        expo,
        by=people[who],
        languages=["en", "ru", "zh-hans"],
        time_zone="Asia/Vladivostok",
        personal_data_retention_days=None,
    )

    expo.refresh_from_db()
    assert sorted(changed) == ["languages", "personal_data_retention_days", "time_zone"]
    assert (expo.languages, expo.time_zone, expo.personal_data_retention_days) == (
        ["en", "ru", "zh-hans"],
        "Asia/Vladivostok",
        None,
    )
    entry = AuditEntry.objects.get(action="expo.settings_changed")
    assert entry.expo == expo
    assert entry.data["changes"]["time_zone"] == ["Asia/Shanghai", "Asia/Vladivostok"]
    assert entry.data["changes"]["languages"] == [["zh-hans", "en"], ["en", "ru", "zh-hans"]]


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_only_admins_change_the_settings(team, who):
    expo, people = team

    with pytest.raises(DomainError) as raised:
        update_expo_settings(expo, by=people[who], time_zone="Europe/Moscow")

    assert raised.value.status == 403
    assert Expo.objects.get(pk=expo.pk).time_zone == "Asia/Shanghai"
    assert not AuditEntry.objects.filter(action="expo.settings_changed").exists()


@pytest.mark.parametrize(
    ("values", "code"),
    [
        ({"languages": []}, "languages_invalid"),
        ({"languages": ["en", "xx"]}, "languages_invalid"),
        ({"languages": ["en", "en"]}, "languages_repeated"),
        ({"languages": "en"}, "languages_invalid"),
        ({"time_zone": "Mars/Olympus"}, "time_zone_invalid"),
        ({"personal_data_retention_days": 0}, "retention_invalid"),
        ({"personal_data_retention_days": 3651}, "retention_invalid"),
    ],
)
def test_bad_settings_are_refused_and_nothing_changes(team, values, code):
    expo, people = team

    with pytest.raises(DomainError) as raised:
        # A valid time zone beside the bad value: it is not saved either.
        update_expo_settings(expo, by=people["admin"], **{"time_zone": "Europe/Moscow", **values})

    assert (raised.value.status, raised.value.code) == (400, code)
    expo.refresh_from_db()
    assert (expo.languages, expo.time_zone) == (["zh-hans", "en"], "Asia/Shanghai")
    assert not AuditEntry.objects.filter(action="expo.settings_changed").exists()


def test_saving_unchanged_settings_writes_no_audit_entry(team):
    expo, people = team

    changed = update_expo_settings(expo, by=people["admin"], languages=["zh-hans", "en"])

    assert changed == []
    assert not AuditEntry.objects.filter(action="expo.settings_changed").exists()


# ---------------------------------------------------------------------------
# Organisers


def test_an_admin_names_an_existing_user_by_e_mail(team):
    expo, people = team
    newcomer = UserFactory(username="li.wei", email="Li.Wei@example.com")

    organiser = add_organiser(expo, by=people["admin"], user_identifier="li.wei@EXAMPLE.com", level="staff")

    assert (organiser.user, organiser.level) == (newcomer, "staff")
    entry = AuditEntry.objects.get(action="organiser.added")
    assert (entry.expo, entry.data) == (expo, {"user": "li.wei", "level": "staff"})


@pytest.mark.parametrize(
    ("identifier", "code"),
    [
        ("nobody", "organiser_user_unknown"),
        ("", "organiser_user"),
        ("org-viewer", "organiser_exists"),
        ("platform", "organiser_platform_staff"),
    ],
)
def test_adding_an_unknown_or_existing_organiser_is_refused(team, identifier, code):
    expo, people = team

    with pytest.raises(DomainError) as raised:
        add_organiser(expo, by=people["admin"], user_identifier=identifier, level="viewer")

    assert (raised.value.status, raised.value.code) == (400, code)
    assert expo.organiser_roles.count() == 3


def test_an_unknown_level_is_refused(team):
    expo, people = team
    UserFactory(username="li.wei")

    with pytest.raises(DomainError) as raised:
        add_organiser(expo, by=people["admin"], user_identifier="li.wei", level="owner")

    assert raised.value.code == "organiser_level"
    assert expo.organiser_roles.count() == 3


@pytest.mark.parametrize("who", NOT_ADMINS)
def test_only_admins_change_the_team(team, who):
    expo, people = team
    UserFactory(username="li.wei")
    viewer = expo.organiser_roles.get(level="viewer")

    for action in (
        lambda: add_organiser(expo, by=people[who], user_identifier="li.wei", level="admin"),
        lambda: change_organiser_level(viewer, by=people[who], level="admin"),
        lambda: remove_organiser(viewer, by=people[who]),
    ):
        with pytest.raises(DomainError) as raised:
            action()
        assert raised.value.status == 403

    assert sorted(expo.organiser_roles.values_list("level", flat=True)) == ["admin", "staff", "viewer"]
    assert not AuditEntry.objects.filter(action__startswith="organiser.").exists()


def test_an_admin_promotes_and_removes_organisers(team):
    expo, people = team
    viewer = expo.organiser_roles.get(level="viewer")
    staff = expo.organiser_roles.get(level="staff")

    change_organiser_level(viewer, by=people["admin"], level="admin")
    remove_organiser(staff, by=people["admin"])

    assert dict(expo.organiser_roles.values_list("user__username", "level")) == {
        "org-admin": "admin",
        "org-viewer": "admin",
    }
    actions = dict(AuditEntry.objects.filter(expo=expo).values_list("action", "data"))
    assert actions["organiser.level_changed"] == {"user": "org-viewer", "level": ["viewer", "admin"]}
    assert actions["organiser.removed"] == {"user": "org-staff", "level": "staff"}


@pytest.mark.parametrize("who", ["admin", "platform"])
def test_the_last_admin_is_neither_demoted_nor_removed(team, who):
    expo, people = team
    admin = expo.organiser_roles.get(level="admin")

    with pytest.raises(DomainError) as demoted:
        change_organiser_level(admin, by=people[who], level="viewer")
    with pytest.raises(DomainError) as removed:
        remove_organiser(admin, by=people[who])

    assert demoted.value.code == removed.value.code == "last_admin"
    assert expo.organiser_roles.get(pk=admin.pk).level == "admin"


def test_an_admin_steps_down_once_another_admin_is_named(team):
    expo, people = team
    admin = expo.organiser_roles.get(level="admin")
    change_organiser_level(expo.organiser_roles.get(level="staff"), by=people["admin"], level="admin")

    remove_organiser(admin, by=people["admin"])

    assert list(expo.organiser_roles.filter(level="admin").values_list("user__username", flat=True)) == [
        "org-staff"
    ]


def test_another_expos_organiser_row_is_not_found(team):
    expo, people = team
    elsewhere = Organiser.objects.get(user=people["other_admin"])

    for identifier in (elsewhere.pk, "abc", 2**70):
        with pytest.raises(DomainError) as raised:
            get_organiser(expo, identifier)
        assert raised.value.status == 404


# ---------------------------------------------------------------------------
# Pages


def test_an_admin_saves_the_settings_page(client, team):
    expo, people = team
    client.force_login(people["admin"])

    form = client.get("/expos/cnea/settings/")
    response = client.post(
        "/expos/cnea/settings/",
        {
            "languages": "en, zh-hans, ru",
            "time_zone": "Asia/Tokyo",
            "personal_data_retention_days": "30",
            "host_country": "CN",
        },
        follow=True,
    )

    assert 'value="zh-hans, en"' in form.content.decode()
    assert "The settings are saved." in _text(response)
    expo.refresh_from_db()
    assert (expo.languages, expo.time_zone, expo.personal_data_retention_days) == (
        ["en", "zh-hans", "ru"],
        "Asia/Tokyo",
        30,
    )


def test_the_settings_page_shows_a_bad_time_zone_and_keeps_the_expo(client, team):
    expo, people = team
    client.force_login(people["admin"])

    response = client.post(
        "/expos/cnea/settings/",
        {
            "languages": "en, klingon",
            "time_zone": "Asia/Tokyo",
            "personal_data_retention_days": "",
            "host_country": "CN",
        },
    )

    assert response.status_code == 400
    assert "Unknown language codes: klingon." in _text(response)
    assert Expo.objects.get(pk=expo.pk).time_zone == "Asia/Shanghai"


def test_a_viewer_reads_the_settings_but_cannot_save_them(client, team):
    expo, people = team
    client.force_login(people["viewer"])

    page = client.get("/expos/cnea/settings/")
    post = client.post("/expos/cnea/settings/", {"languages": "en", "time_zone": "UTC"})

    assert "Only the expo's administrators change its settings." in _text(page)
    assert "Save the settings" not in _text(page)
    assert post.status_code == 403
    assert Expo.objects.get(pk=expo.pk).languages == ["zh-hans", "en"]


@pytest.mark.parametrize("who", ["participant", "other_admin", "public"])
def test_the_team_pages_are_not_found_by_non_organisers(client, team, who):
    _expo, people = team
    if people[who]:
        client.force_login(people[who])

    assert client.get("/expos/cnea/settings/").status_code == 404
    assert client.get("/expos/cnea/organisers/").status_code == 404


def test_an_admin_manages_the_team_on_the_organisers_page(client, team):
    expo, people = team
    UserFactory(username="li.wei")
    viewer = expo.organiser_roles.get(level="viewer")
    staff = expo.organiser_roles.get(level="staff")
    client.force_login(people["admin"])

    page = client.get("/expos/cnea/organisers/")
    added = client.post(
        "/expos/cnea/organisers/", {"add": "1", "user_identifier": "li.wei", "level": "staff"}
    )
    changed = client.post("/expos/cnea/organisers/", {"change": viewer.pk, "level": "staff"}, follow=True)
    removed = client.post("/expos/cnea/organisers/", {"remove": staff.pk}, follow=True)

    assert "org-viewer" in _text(page) and "Add the organiser" in _text(page)
    assert added.status_code == 302
    assert "org-viewer's level is saved." in _text(changed)
    assert "org-staff is no longer an organiser." in _text(removed)
    assert dict(expo.organiser_roles.values_list("user__username", "level")) == {
        "org-admin": "admin",
        "org-viewer": "staff",
        "li.wei": "staff",
    }


def test_the_organisers_page_refuses_removing_the_last_admin_with_a_message(client, team):
    expo, people = team
    admin = expo.organiser_roles.get(level="admin")
    client.force_login(people["admin"])

    response = client.post("/expos/cnea/organisers/", {"remove": admin.pk})

    assert response.status_code == 400
    assert "The expo needs at least one administrator" in _text(response)
    assert expo.organiser_roles.filter(pk=admin.pk).exists()


def test_staff_read_the_team_without_controls(client, team):
    expo, people = team
    client.force_login(people["staff"])

    page = client.get("/expos/cnea/organisers/")
    post = client.post("/expos/cnea/organisers/", {"remove": expo.organiser_roles.get(level="viewer").pk})

    text = _text(page)
    assert "org-admin" in text and "Viewer" in text
    assert "Remove" not in text and "Add the organiser" not in text
    assert post.status_code == 403
    assert expo.organiser_roles.count() == 3


def test_the_expo_nav_links_the_team_for_organisers_only(client, team):
    _expo, people = team

    public = client.get("/expos/cnea/")
    client.force_login(people["viewer"])
    organiser = client.get("/expos/cnea/")

    assert "/expos/cnea/organisers/" not in public.content.decode()
    assert "/expos/cnea/organisers/" in organiser.content.decode()


# ---------------------------------------------------------------------------
# API


def test_the_api_lists_adds_changes_and_removes_organisers(client, team):
    expo, people = team
    UserFactory(username="li.wei")
    client.force_login(people["admin"])
    base = "/api/v1/expos/cnea/organisers"

    listed = client.get(base).json()
    added = client.post(base, {"user": "li.wei", "level": "viewer"}, content_type="application/json")
    organiser_id = added.json()["id"]
    changed = client.patch(f"{base}/{organiser_id}", {"level": "staff"}, content_type="application/json")
    removed = client.delete(f"{base}/{organiser_id}")

    assert [item["username"] for item in listed["results"]] == ["org-admin", "org-staff", "org-viewer"]
    assert (added.status_code, added.json()["level"]) == (201, "viewer")
    assert changed.json()["level"] == "staff"
    assert removed.status_code == 204
    assert not expo.organiser_roles.filter(user__username="li.wei").exists()


def test_the_api_refuses_the_last_admin_and_non_admins(client, team):
    expo, people = team
    admin = expo.organiser_roles.get(level="admin")
    base = "/api/v1/expos/cnea/organisers"

    client.force_login(people["admin"])
    last = client.delete(f"{base}/{admin.pk}")
    client.force_login(people["viewer"])
    viewer = client.patch(f"{base}/{admin.pk}", {"level": "viewer"}, content_type="application/json")

    assert (last.status_code, last.json()["code"]) == (400, "last_admin")
    assert (viewer.status_code, viewer.json()["code"]) == (403, "organisers_forbidden")
    assert expo.organiser_roles.get(pk=admin.pk).level == "admin"


def test_the_time_zone_stays_once_sessions_are_scheduled_in_it(team):
    from tests.program.factories import EventFactory, SessionFactory

    expo, people = team
    SessionFactory(event=EventFactory(expo=expo))
    with pytest.raises(DomainError) as refused:
        update_expo_settings(expo, by=people["admin"], time_zone="Asia/Tokyo")
    assert refused.value.code == "time_zone_in_use"
    expo.refresh_from_db()
    assert expo.time_zone == "Asia/Shanghai"
    # Other settings may still change.
    assert update_expo_settings(expo, by=people["admin"], personal_data_retention_days=30) == [
        "personal_data_retention_days"
    ]


def test_an_erased_account_leaves_the_teams_of_ended_expos(team, django_capture_on_commit_callbacks):
    import datetime as dt

    from tradefair.people.domain.personal_data import erase_personal_data

    expo, people = team
    Expo.objects.filter(pk=expo.pk).update(starts=dt.date(2019, 8, 23), ends=dt.date(2019, 8, 27))
    with django_capture_on_commit_callbacks(execute=True):
        erase_personal_data(people["admin"])
    assert not Organiser.objects.filter(user=people["admin"]).exists()
    assert AuditEntry.objects.filter(action="organiser.removed", data__why="erasure").count() == 1
