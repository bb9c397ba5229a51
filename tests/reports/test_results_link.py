"""The expo's menu offers the results to those who may open them."""

import pytest
from django.test import Client

from tests.factories import ExpoFactory, UserFactory
from tradefair.reports.domain.publication import publish_results

pytestmark = pytest.mark.django_db


def menu_links(client, expo) -> bool:
    page = client.get(f"/expos/{expo.slug}/", {"lang": "en"}).content.decode()
    return f'href="/expos/{expo.slug}/results/"' in page


def test_visitors_see_the_results_link_once_the_results_are_published():
    expo = ExpoFactory()
    organiser = UserFactory()
    expo.organisers.add(organiser)
    signed_in = Client()
    signed_in.force_login(organiser)

    assert not menu_links(Client(), expo)
    assert menu_links(signed_in, expo)
    publish_results(expo, by=organiser)
    assert menu_links(Client(), expo)
    assert Client().get(f"/expos/{expo.slug}/results/").status_code == 200
