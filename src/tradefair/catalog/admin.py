from django.contrib import admin
from django.db import transaction

from tradefair.catalog.domain.search_index import (
    index_exhibitor,
    index_product,
    index_project,
    reindex_exhibitor_and_products,
    unindex,
)
from tradefair.catalog.models import BoothAssignment, Exhibitor, InvestmentProject, Product, SearchKind
from tradefair.common.admin_support import (
    TranslatedModelAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
)


class BoothAssignmentInline(TranslatedTabularInline):
    """Shown, not edited: booths are assigned on the floor plan page, through the domain
    action that checks the booth is free and in this expo and records it in the audit log."""

    model = BoothAssignment
    extra = 0
    fields = readonly_fields = ["booth", "assigned_at"]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ProductInline(TranslatedStackedInline):
    model = Product
    extra = 0
    autocomplete_fields = ["exhibitor"]


@admin.register(Exhibitor)
class ExhibitorAdmin(TranslatedModelAdmin):
    list_display = ["organisation", "expo", "pavilion"]
    list_filter = ["expo", "pavilion"]
    search_fields = ["organisation__legal_name"]
    list_select_related = ["organisation", "expo", "pavilion"]
    raw_id_fields = ["organisation"]
    autocomplete_fields = ["expo", "pavilion"]
    inlines = [BoothAssignmentInline, ProductInline]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        exhibitor = form.instance
        # The search finds what the admin wrote, products included.
        transaction.on_commit(lambda: reindex_exhibitor_and_products(exhibitor))


@admin.register(Product)
class ProductAdmin(TranslatedModelAdmin):
    list_display = ["name", "hs_code", "exhibitor"]
    search_fields = ["hs_code"]
    list_select_related = ["exhibitor__organisation"]
    raw_id_fields = ["exhibitor"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: index_product(obj))

    def delete_model(self, request, obj):
        exhibitor, product_id = obj.exhibitor, obj.pk
        super().delete_model(request, obj)
        transaction.on_commit(lambda: (unindex(SearchKind.PRODUCT, product_id), index_exhibitor(exhibitor)))


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(TranslatedModelAdmin):
    list_display = ["name", "owner", "isic_section", "country", "amount_sought", "currency", "stage"]
    list_filter = ["expo", "stage", "isic_section"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "exhibitor"]
    autocomplete_fields = ["expo"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        transaction.on_commit(lambda: index_project(obj))

    def delete_model(self, request, obj):
        project_id = obj.pk
        super().delete_model(request, obj)
        transaction.on_commit(lambda: unindex(SearchKind.PROJECT, project_id))
