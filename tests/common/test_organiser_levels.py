"""Organiser levels per expo: who holds which level, what each level may do, and the
migration that turned the plain organiser list into levels without losing anyone."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.factories import ExpoFactory, UserFactory
from tradefair.common.permissions import (
    administers_expo,
    operates_expo,
    organiser_level,
    sees_as_organiser,
)
from tradefair.expos.models import Organiser, OrganiserLevel

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
