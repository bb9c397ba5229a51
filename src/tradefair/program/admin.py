from django.contrib import admin

from tradefair.common.admin_support import (
    TranslatedModelAdmin,
    TranslatedStackedInline,
)
from tradefair.program.models import Event, Session


class SessionInline(TranslatedStackedInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(TranslatedModelAdmin):
    list_display = ["name", "kind", "expo", "starts_at", "ends_at"]
    list_filter = ["expo", "kind"]
    inlines = [SessionInline]
