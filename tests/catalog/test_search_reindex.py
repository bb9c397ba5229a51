"""An organisation renamed outside the catalog's own editing is found under its new name."""

import pytest
from django.contrib import admin
from django.test import RequestFactory

from tests.factories import ExhibitorFactory, UserFactory
from tradefair.catalog.domain.search import search
from tradefair.catalog.domain.search_index import rebuild_search_index
from tradefair.people.models import Organisation

pytestmark = pytest.mark.django_db


def names(expo, query):
    return [hit.name for hit in search(expo, query=query).hits]


def test_a_rename_in_the_admin_rewrites_the_entries_of_every_expo(django_capture_on_commit_callbacks):
    first = ExhibitorFactory(organisation__legal_name="Dalian Shipyard Co. Ltd.")
    second = ExhibitorFactory(organisation=first.organisation)
    for exhibitor in (first, second):
        rebuild_search_index(exhibitor.expo)
    organisation = first.organisation
    organisation.legal_name = "Dalian Harbour Cranes Co. Ltd."
    organisation.name = {"en": "Dalian Harbour Cranes"}
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    with django_capture_on_commit_callbacks(execute=True):
        admin.site._registry[Organisation].save_model(request, organisation, form=None, change=True)
    for exhibitor in (first, second):
        assert names(exhibitor.expo, "shipyard") == []
        assert names(exhibitor.expo, "cranes") != []


def test_products_written_or_deleted_in_the_admin_are_found_or_gone(django_capture_on_commit_callbacks):
    from tests.factories import ProductFactory
    from tradefair.catalog.models import Product

    exhibitor = ExhibitorFactory()
    request = RequestFactory().post("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    product_admin = admin.site._registry[Product]
    product = ProductFactory.build(exhibitor=exhibitor, hs_code="870380", name={"en": "Electric minibus"})
    with django_capture_on_commit_callbacks(execute=True):
        product_admin.save_model(request, product, form=None, change=False)
    assert names(exhibitor.expo, "minibus") == ["Electric minibus"]
    with django_capture_on_commit_callbacks(execute=True):
        product_admin.delete_model(request, product)
    assert names(exhibitor.expo, "minibus") == []


def test_booths_are_not_assigned_in_the_admin_but_on_the_floor_plan():
    from tradefair.catalog.models import Exhibitor

    request = RequestFactory().get("/admin/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    inline = admin.site._registry[Exhibitor].get_inline_instances(request)
    booths = next(instance for instance in inline if instance.model.__name__ == "BoothAssignment")
    assert not booths.has_add_permission(request) and not booths.has_delete_permission(request)
    assert not booths.has_change_permission(request)
