from django.contrib import admin

from tradefair.program.models import Event, Session


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "expo", "starts_at", "ends_at"]
    list_filter = ["expo", "kind"]
    inlines = [SessionInline]
