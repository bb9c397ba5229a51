from django.contrib import admin

from tradefair.onsite.models import Badge, CheckIn, InvitationLetter


@admin.register(Badge)
class BadgeAdmin(admin.ModelAdmin):
    list_display = ["id", "participant", "issued_at", "revoked_at"]
    list_select_related = ["participant"]
    raw_id_fields = ["participant"]
    readonly_fields = ["key", "issued_at"]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
    list_display = ["participant", "gate", "scanned_at", "received_at"]
    list_filter = ["expo", "gate"]
    list_select_related = ["participant"]
    raw_id_fields = ["participant", "badge", "scanned_by"]
    autocomplete_fields = ["expo"]


@admin.register(InvitationLetter)
class InvitationLetterAdmin(admin.ModelAdmin):
    list_display = ["participant", "nationality", "stay_from", "stay_until", "issued_at", "revoked_at"]
    list_select_related = ["participant"]
    raw_id_fields = ["participant", "decided_by"]
    readonly_fields = ["key", "issued_at"]
