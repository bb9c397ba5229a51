"""Large foreign-key choices in the admin are searchable autocomplete boxes (or raw ids),
never a full list: a list of every participant of a 31,000-person expo made the
participant page take seconds and weigh a megabyte (issue #16)."""

import re

import pytest
from django.contrib import admin

from tests.factories import ExpoFactory, ParticipantFactory

PLATFORM_ADMINS = [
    (model, model_admin)
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_config.name.startswith("tradefair.")
]


def _shown_relations(model, admin_class, *, parent=None):
    """The foreign keys and many-to-many fields a form of this admin would show."""
    fields = getattr(admin_class, "fields", None)
    excluded = set(getattr(admin_class, "exclude", None) or ())
    read_only = set(getattr(admin_class, "readonly_fields", ()) or ())
    for field in model._meta.get_fields():
        if not (field.concrete and field.editable and (field.many_to_one or field.many_to_many)):
            continue
        if field.many_to_many and not field.remote_field.through._meta.auto_created:
            continue  # edited through its own model, not as a list of choices
        if parent is not None and field.related_model is parent:
            continue  # an inline's link to the page it sits on
        if (fields is not None and field.name not in fields) or field.name in excluded | read_only:
            continue
        yield field


def _every_relation():
    for model, model_admin in PLATFORM_ADMINS:
        yield model_admin, model, None
        for inline in model_admin.inlines:
            yield inline, inline.model, model


@pytest.mark.parametrize(
    ("admin_class", "model", "parent"),
    list(_every_relation()),
    ids=lambda value: getattr(value, "__name__", type(value).__name__),
)
def test_no_admin_form_lists_every_row_of_a_related_table(admin_class, model, parent):
    searchable = set(admin_class.autocomplete_fields) | set(admin_class.raw_id_fields)
    listed = [
        field.name
        for field in _shown_relations(model, admin_class, parent=parent)
        if field.name not in searchable
    ]
    assert listed == []


def test_every_autocomplete_target_is_searchable():
    for _model, model_admin in PLATFORM_ADMINS:
        for inline_or_admin in [model_admin, *model_admin.inlines]:
            model = inline_or_admin.model if inline_or_admin is not model_admin else _model
            for name in inline_or_admin.autocomplete_fields:
                related = model._meta.get_field(name).related_model
                assert admin.site._registry[related].search_fields, (model, name)


@pytest.mark.django_db
def test_the_participant_page_holds_no_long_list(admin_client):
    expo = ExpoFactory()
    ParticipantFactory.create_batch(150, expo=expo)
    participant = ParticipantFactory(expo=expo)
    page = admin_client.get(f"/admin/people/participant/{participant.pk}/change/").content.decode()
    long_lists = {
        re.search(r'name="([^"]+)"', select).group(1)
        for select in re.findall(r"<select.*?</select>", page, re.S)
        if select.count("<option") > 100
    }
    # Only fixed lists (the world's countries and regions) may be long, never rows of a table.
    assert long_lists <= {"country"}
    assert 'name="delegation_leader"' in page and "admin-autocomplete" in page
    assert len(page) < 200_000


@pytest.mark.django_db
def test_the_autocomplete_finds_a_delegation_leader_by_name(admin_client):
    expo = ExpoFactory()
    ParticipantFactory.create_batch(5, expo=expo)
    leader = ParticipantFactory(expo=expo, name="Batbayar Dorj")
    response = admin_client.get(
        "/admin/autocomplete/",
        {
            "term": "Batbayar",
            "app_label": "people",
            "model_name": "participant",
            "field_name": "delegation_leader",
        },
    )
    assert [result["id"] for result in response.json()["results"]] == [str(leader.pk)]
