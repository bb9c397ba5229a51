from django.contrib import admin

from tradefair.common.admin_support import (
    TranslatedModelAdmin,
    TranslatedTabularInline,
)
from tradefair.people.models import Need, Offer, Organisation, Participant, ParticipantRole


@admin.register(Organisation)
class OrganisationAdmin(TranslatedModelAdmin):
    list_display = ["legal_name", "kind", "country", "size_band"]
    list_filter = ["kind", "size_band", "country"]
    search_fields = ["legal_name", "external_id"]


class RoleInline(TranslatedTabularInline):
    model = ParticipantRole
    extra = 0


class OfferInline(TranslatedTabularInline):
    model = Offer
    extra = 0


class NeedInline(TranslatedTabularInline):
    model = Need
    extra = 0


@admin.register(Participant)
class ParticipantAdmin(TranslatedModelAdmin):
    list_display = ["name", "name_latin", "expo", "organisation", "country", "status"]
    list_filter = ["expo", "status", "roles__role", "country"]
    search_fields = ["name", "name_latin", "email", "external_id"]
    list_select_related = ["expo", "organisation"]
    raw_id_fields = ["user", "organisation"]
    readonly_fields = ["anonymised_at"]
    inlines = [RoleInline, OfferInline, NeedInline]
