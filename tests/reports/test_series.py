"""Editions of one expo are found by their series, not by their slugs (issue #8)."""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError
from django.forms import modelform_factory

from tests.deals.factories import make_deal, organiser
from tests.factories import ExpoFactory
from tradefair.expos.models import Expo
from tradefair.reports.domain.results import compute_results

pytestmark = pytest.mark.django_db

migration = importlib.import_module("tradefair.expos.migrations.0005_expo_series")


def test_the_previous_edition_is_found_by_series_even_when_slugs_differ():
    first = ExpoFactory(slug="nea-expo-changchun", series="cnea", edition=10)
    previous = ExpoFactory(slug="china-northeast-asia-2018", series="cnea", edition=11)
    expo = ExpoFactory(slug="12th-cnea", series="cnea", edition=12)
    ExpoFactory(slug="cnea-2018", series="other", edition=11)  # the old slug rule's pick
    user = organiser(expo)
    make_deal(first, by=user, amount="100000000.00")
    make_deal(previous, by=user, amount="400000000.00")
    make_deal(expo, by=user, amount="500000000.00")

    comparison = compute_results(expo).comparison

    assert comparison["series"] == "cnea"
    assert comparison["previous_edition"]["expo"] == "china-northeast-asia-2018"
    assert comparison["previous_edition"]["edition"] == 11
    assert comparison["previous_edition"]["change_percent"]["trade_volume"] == "25.0"
    assert comparison["cumulative"]["since_edition"] == 10
    assert comparison["cumulative"]["editions"] == 3
    assert comparison["cumulative"]["figures"]["trade_volume"] == Decimal("1000000000.00")


def test_the_previous_edition_is_the_last_one_held_and_later_ones_do_not_count():
    ExpoFactory(slug="a", series="cnea", edition=9)
    ExpoFactory(slug="b", series="cnea", edition=13)
    expo = ExpoFactory(slug="c", series="cnea", edition=12)

    comparison = compute_results(expo).comparison

    assert comparison["previous_edition"]["edition"] == 9
    assert comparison["cumulative"]["editions"] == 2


def test_a_one_off_expo_gets_no_comparison():
    expo = ExpoFactory(slug="cnea-2019", series="", edition=12)
    ExpoFactory(slug="cnea-2018", series="", edition=11)
    ExpoFactory(slug="cnea-2017", series="cnea", edition=10)
    make_deal(expo, by=organiser(expo), amount="500000000.00")

    results = compute_results(expo)
    comparison = results.comparison

    assert comparison["series"] is None
    assert comparison["previous_edition"] is None
    assert comparison["cumulative"]["editions"] == 1
    assert comparison["cumulative"]["figures"]["trade_volume"] == Decimal("500000000.00")
    document = results.document()
    assert document["format"] == "tradefair-results/1"
    assert document["comparison"]["previous_edition"] is None


def test_a_series_has_one_twelfth_edition():
    ExpoFactory(slug="cnea-2019", series="cnea", edition=12)
    second = ExpoFactory.build(slug="cnea-2019-bis", series="cnea", edition=12)

    with pytest.raises(ValidationError) as error:
        second.full_clean()
    assert "This series already has an edition with this number." in error.value.messages
    with pytest.raises(IntegrityError):
        second.save()


def test_one_off_expos_may_share_an_edition_number():
    ExpoFactory(series="", edition=12)
    ExpoFactory(series="", edition=12)
    ExpoFactory(series="other", edition=12)

    assert Expo.objects.filter(edition=12).count() == 3


def test_the_admin_shows_the_series_and_a_form_explains_a_clash(admin_client):
    existing = ExpoFactory(slug="cnea-2019", series="cnea", edition=12)
    other = ExpoFactory(slug="elsewhere", series="", edition=12)

    assert 'name="series"' in admin_client.get(f"/admin/expos/expo/{existing.pk}/change/").content.decode()
    response = admin_client.get("/admin/expos/expo/?q=cnea")
    assert response.status_code == 200 and "cnea-2019" in response.content.decode()

    form_class = modelform_factory(Expo, fields=["slug", "series", "edition"])
    form = form_class(data={"slug": "elsewhere", "series": "cnea", "edition": "12"}, instance=other)
    assert not form.is_valid()
    assert form.non_field_errors() == ["This series already has an edition with this number."]


def test_the_migration_fills_series_from_the_slug_stems():
    old = ExpoFactory(slug="cnea-2018", series="", edition=11)
    new = ExpoFactory(slug="cnea_2019", series="", edition=12)
    clash = ExpoFactory(slug="cnea-2020", series="", edition=12)
    plain = ExpoFactory(slug="harbin-fair", series="", edition=3)
    digits = ExpoFactory(slug="2019", series="", edition=1)
    chosen = ExpoFactory(slug="kept-2019", series="chosen", edition=12)

    migration.fill_series(apps, None)

    series = dict(Expo.objects.values_list("pk", "series"))
    assert series[old.pk] == series[new.pk] == "cnea"
    assert series[clash.pk] == ""  # a second 12th edition of "cnea" stays a one-off expo
    assert series[plain.pk] == "harbin-fair"
    assert series[digits.pk] == "2019"
    assert series[chosen.pk] == "chosen"


@pytest.mark.django_db(transaction=True)
def test_a_backup_keeps_the_series(tmp_path):
    ExpoFactory(slug="cnea-2019", series="cnea", edition=12)
    ExpoFactory(slug="one-off", series="", edition=12)
    before = sorted(Expo.objects.values_list("slug", "series", "edition"))
    path = tmp_path / "backup.json"

    call_command("backup", str(path), verbosity=0)
    Expo.objects.all().delete()
    call_command("restore", str(path), verbosity=0)

    assert sorted(Expo.objects.values_list("slug", "series", "edition")) == before
