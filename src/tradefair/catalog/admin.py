from django.contrib import admin

from tradefair.catalog.models import BoothAssignment, Exhibitor, InvestmentProject, Product
from tradefair.common.admin_support import (
    TranslatedModelAdmin,
    TranslatedStackedInline,
    TranslatedTabularInline,
)


class BoothAssignmentInline(TranslatedTabularInline):
    model = BoothAssignment
    extra = 0
    raw_id_fields = ["booth"]


class ProductInline(TranslatedStackedInline):
    model = Product
    extra = 0


@admin.register(Exhibitor)
class ExhibitorAdmin(TranslatedModelAdmin):
    list_display = ["organisation", "expo", "pavilion"]
    list_filter = ["expo", "pavilion"]
    search_fields = ["organisation__legal_name"]
    list_select_related = ["organisation", "expo", "pavilion"]
    raw_id_fields = ["organisation"]
    inlines = [BoothAssignmentInline, ProductInline]


@admin.register(Product)
class ProductAdmin(TranslatedModelAdmin):
    list_display = ["name", "hs_code", "exhibitor"]
    search_fields = ["hs_code"]
    list_select_related = ["exhibitor__organisation"]
    raw_id_fields = ["exhibitor"]


@admin.register(InvestmentProject)
class InvestmentProjectAdmin(TranslatedModelAdmin):
    list_display = ["name", "owner", "isic_section", "country", "amount_sought", "currency", "stage"]
    list_filter = ["expo", "stage", "isic_section"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner", "exhibitor"]
