from django.contrib import admin

from tradefair.common.admin_support import TranslatedModelAdmin
from tradefair.news.models import Announcement


@admin.register(Announcement)
class AnnouncementAdmin(TranslatedModelAdmin):
    list_display = ["title", "expo", "status", "published_at"]
    list_filter = ["expo", "status"]
    raw_id_fields = ["author"]
    autocomplete_fields = ["expo"]
