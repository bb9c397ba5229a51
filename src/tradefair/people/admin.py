from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy, ngettext

from tradefair.catalog.domain.search_index import reindex_organisation
from tradefair.common.admin_support import (
    TranslatedModelAdmin,
    TranslatedTabularInline,
)
from tradefair.people.domain.anonymisation import anonymise_participant
from tradefair.people.models import Need, Offer, Organisation, Participant, ParticipantRole


@admin.register(Organisation)
class OrganisationAdmin(TranslatedModelAdmin):
    list_display = ["legal_name", "kind", "country", "size_band"]
    list_filter = ["kind", "size_band", "country"]
    search_fields = ["legal_name", "external_id"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change:
            # Its names are in the search entries of every expo it takes part in.
            transaction.on_commit(lambda: reindex_organisation(obj))


class RoleInline(TranslatedTabularInline):
    model = ParticipantRole
    extra = 0


class OfferInline(TranslatedTabularInline):
    model = Offer
    extra = 0


class NeedInline(TranslatedTabularInline):
    model = Need
    extra = 0


@admin.action(description=gettext_lazy("Erase the personal data of the selected participants"))
def erase_selected(modeladmin, request, queryset):
    """For a person without an account (a delegation member registered by the leader)
    who asks the organisers to be erased; an account holder does it on "My data"."""
    erased = 0
    for participant in queryset.filter(anonymised_at__isnull=True):
        anonymise_participant(participant, why="request", by=request.user)
        erased += 1
    modeladmin.message_user(
        request,
        ngettext(
            "Personal data of %(count)d participant erased.",
            "Personal data of %(count)d participants erased.",
            erased,
        )
        % {"count": erased},
        messages.SUCCESS,
    )


@admin.register(Participant)
class ParticipantAdmin(TranslatedModelAdmin):
    list_display = ["name", "name_latin", "expo", "organisation", "country", "status"]
    list_filter = ["expo", "status", "roles__role", "country"]
    search_fields = ["name", "name_latin", "email", "external_id"]
    list_select_related = ["expo", "organisation"]
    raw_id_fields = ["user", "organisation"]
    # A large expo has tens of thousands of participants: a full list of them as
    # "delegation leader" choices made this page take seconds and a megabyte.
    autocomplete_fields = ["expo", "delegation_leader"]
    readonly_fields = ["anonymised_at"]
    actions = [erase_selected]
    inlines = [RoleInline, OfferInline, NeedInline]
