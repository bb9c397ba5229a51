"""The matchmaking rounds and participants' matchmaking preferences in the Django admin, for
platform staff; organisers set rounds up on the rounds page."""

from django.contrib import admin

from tradefair.matchmaking.models import MatchPreferences, Round


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["name", "expo", "status", "tables", "online_rooms", "max_meetings"]
    list_filter = ["status", "expo"]
    list_select_related = ["expo"]
    search_fields = ["name"]
    fields = [
        "expo",
        "name",
        "status",
        "tables",
        "online_rooms",
        "max_meetings",
        "min_meetings",
        "time_limit",
        "follow_ups",
        "roles",
    ]
    raw_id_fields = ["expo"]


@admin.register(MatchPreferences)
class MatchPreferencesAdmin(admin.ModelAdmin):
    list_display = ["participant", "meeting_mode", "is_sponsor"]
    list_filter = ["meeting_mode", "is_sponsor"]
    raw_id_fields = ["participant"]
    fields = ["participant", "meeting_mode", "is_sponsor", "excluded_countries", "excluded_sectors"]
