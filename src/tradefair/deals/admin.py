from django.contrib import admin

from tradefair.deals.models import Deal, DealParty, ExchangeRate


class DealPartyInline(admin.TabularInline):
    model = DealParty
    extra = 0
    raw_id_fields = ["organisation"]
    autocomplete_fields = ["deal"]


@admin.register(Deal)
class DealAdmin(admin.ModelAdmin):
    """Read-mostly: deals are recorded through the deals pages, which convert amounts and
    write the audit log; the admin is for looking things up."""

    list_display = [
        "id",
        "expo",
        "kind",
        "status",
        "signed_on",
        "amount",
        "currency",
        "amount_base",
        "rate_source",
    ]
    list_filter = ["expo", "kind", "status", "currency", "rate_source"]
    search_fields = ["title", "id"]
    raw_id_fields = ["meeting", "project", "ceremony", "declared_by", "recorded_by"]
    autocomplete_fields = ["expo"]
    readonly_fields = ["amount_base", "rate", "rate_source", "rate_on", "confirmed_at", "created_at"]
    inlines = [DealPartyInline]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["expo", "currency", "rate", "valid_from", "valid_until", "note"]
    list_filter = ["expo", "currency"]
    autocomplete_fields = ["expo", "entered_by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
