"""The host country is the expo's (expos.Expo.host_country), not "CN" written in the code:
foreign exhibitors and deal parties are counted against it, and organisers set it."""

import pytest

from tests.factories import ExpoFactory, UserFactory
from tradefair.expos.domain.errors import ExpoSetupError
from tradefair.expos.domain.settings import update_expo_settings
from tradefair.expos.models import Expo, OrganiserLevel

pytestmark = pytest.mark.django_db


def test_an_expo_is_hosted_in_china_unless_its_organisers_say_otherwise():
    expo = ExpoFactory()
    assert expo.host_country == "CN"
    admin = UserFactory()
    expo.organisers.add(admin, through_defaults={"level": OrganiserLevel.ADMIN})

    assert update_expo_settings(expo, by=admin, host_country="mn") == ["host_country"]

    assert Expo.objects.get(pk=expo.pk).host_country == "MN"
    with pytest.raises(ExpoSetupError) as refused:
        update_expo_settings(expo, by=admin, host_country="XX")
    assert refused.value.code == "host_country_invalid"


def test_the_settings_page_sets_the_host_country(client):
    expo = ExpoFactory()
    admin = UserFactory()
    expo.organisers.add(admin, through_defaults={"level": OrganiserLevel.ADMIN})
    client.force_login(admin)
    url = f"/expos/{expo.slug}/settings/"
    page = client.get(url).content.decode()
    assert 'name="host_country"' in page and 'value="CN"' in page
    client.post(
        url,
        {
            "languages": ", ".join(expo.languages),
            "time_zone": expo.time_zone,
            "host_country": "RU",
            "anti_passback_minutes": "",
            "personal_data_retention_days": "",
        },
    )
    assert Expo.objects.get(pk=expo.pk).host_country == "RU"


def test_foreign_exhibitors_are_counted_against_the_expos_host_country():
    from tests.factories import ExhibitorFactory
    from tradefair.expos.domain.figures import expo_figures

    expo = ExpoFactory(host_country="MN")
    ExhibitorFactory(expo=expo, organisation__country="MN")
    ExhibitorFactory(expo=expo, organisation__country="CN")
    assert expo_figures(expo).exhibitors_foreign == 1
