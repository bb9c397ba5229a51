from django.contrib import admin

from tradefair.common.admin_support import (
    TranslatedModelAdmin,
    TranslatedTabularInline,
)
from tradefair.expos.models import Booth, Expo, Hall, Organiser, Pavilion


class PavilionInline(TranslatedTabularInline):
    model = Pavilion
    extra = 0
    fields = ["name", "theme", "country", "colour", "position"]


class OrganiserInline(admin.TabularInline):
    """Who organises the expo and at which level (admin, staff or viewer): the organiser
    list is changed here, by platform staff."""

    model = Organiser
    extra = 0
    fields = ["user", "level"]
    raw_id_fields = ["user"]


@admin.register(Expo)
class ExpoAdmin(TranslatedModelAdmin):
    list_display = ["slug", "series", "edition", "name", "starts", "ends", "status"]
    list_filter = ["status"]
    search_fields = ["slug", "series"]
    inlines = [OrganiserInline, PavilionInline]


@admin.register(Pavilion)
class PavilionAdmin(TranslatedModelAdmin):
    list_display = ["name", "expo", "country", "position"]
    list_filter = ["expo"]
    list_select_related = ["expo"]
    search_fields = ["name", "country"]
    autocomplete_fields = ["expo"]


@admin.register(Hall)
class HallAdmin(TranslatedModelAdmin):
    list_display = ["code", "name", "expo", "width_m", "depth_m"]
    list_filter = ["expo"]
    list_select_related = ["expo"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["expo"]


@admin.register(Booth)
class BoothAdmin(TranslatedModelAdmin):
    list_display = ["code", "hall", "pavilion", "area_m2", "status"]
    list_filter = ["status", "hall__expo", "hall"]
    search_fields = ["code"]
    list_select_related = ["hall", "pavilion"]
    autocomplete_fields = ["hall", "pavilion"]
