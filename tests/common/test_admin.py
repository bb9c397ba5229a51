"""Organisers work in the Django admin: every model of the platform that is registered
there must list and offer an add form without an error."""

import pytest
from django.contrib import admin

from tests.factories import BoothAssignmentFactory, ParticipantFactory, ProductFactory

pytestmark = pytest.mark.django_db

PLATFORM_MODELS = [
    model for model in admin.site._registry if model._meta.app_config.name.startswith("tradefair.")
]


@pytest.mark.parametrize("model", PLATFORM_MODELS, ids=lambda model: model._meta.label)
def test_each_admin_page_opens_for_an_organiser(admin_client, model):
    ParticipantFactory()
    ProductFactory()
    BoothAssignmentFactory()
    meta = model._meta
    listing = admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/")
    assert listing.status_code == 200
    if admin.site._registry[model].has_add_permission(listing.wsgi_request):
        assert admin_client.get(f"/admin/{meta.app_label}/{meta.model_name}/add/").status_code == 200


def test_the_admin_edits_a_translated_name_in_several_languages(admin_client):
    product = ProductFactory(name={"en": "Crawler excavator", "zh-hans": "履带式挖掘机"})
    page = admin_client.get(f"/admin/catalog/product/{product.pk}/change/").content.decode()
    assert 'value="Crawler excavator"' in page and 'value="履带式挖掘机"' in page


def test_a_stranger_is_sent_to_the_login(client):
    response = client.get("/admin/expos/expo/")
    assert response.status_code == 302 and "/admin/login/" in response.headers["Location"]
