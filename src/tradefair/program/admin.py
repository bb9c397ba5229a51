from django.contrib import admin

from tradefair.common.admin_support import (
    TranslatedModelAdmin,
    TranslatedStackedInline,
)
from tradefair.program.models import Event, Session, SessionSignup, Speaker


class SessionInline(TranslatedStackedInline):
    model = Session
    extra = 0
    autocomplete_fields = ["event", "speakers"]


@admin.register(Event)
class EventAdmin(TranslatedModelAdmin):
    list_display = ["name", "kind", "expo", "starts_at", "ends_at"]
    list_filter = ["expo", "kind"]
    search_fields = ["name"]
    autocomplete_fields = ["expo"]
    inlines = [SessionInline]


@admin.register(Speaker)
class SpeakerAdmin(TranslatedModelAdmin):
    list_display = ["name", "name_latin", "expo"]
    list_filter = ["expo"]
    search_fields = ["name", "name_latin"]
    raw_id_fields = ["participant"]
    autocomplete_fields = ["expo"]


@admin.register(SessionSignup)
class SessionSignupAdmin(admin.ModelAdmin):
    list_display = ["participant", "session", "status", "queued_at"]
    list_filter = ["status"]
    list_select_related = ["participant", "session"]
    raw_id_fields = ["participant", "session"]
