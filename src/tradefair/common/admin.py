from django.contrib import admin

from tradefair.common.models import ApiToken, AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "object_type", "object_id", "actor"]
    list_filter = ["action", "object_type"]
    search_fields = ["object_id", "action"]
    readonly_fields = ["created_at", "actor", "action", "object_type", "object_id", "data"]
    autocomplete_fields = ["expo"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked"]
    list_filter = ["revoked"]
    readonly_fields = ["digest", "prefix", "created_at", "last_used_at"]
    search_fields = ["name", "user__username"]
    autocomplete_fields = ["user"]

    def has_add_permission(self, request):
        # A key is shown once, when made: `tradefair create-token` prints it.
        return False
