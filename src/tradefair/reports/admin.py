from django.contrib import admin

from tradefair.reports.models import ExportJob, ResultsPublication


@admin.register(ResultsPublication)
class ResultsPublicationAdmin(admin.ModelAdmin):
    list_display = ["expo", "published_at", "published_by"]
    autocomplete_fields = ["expo", "published_by"]


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ["id", "expo", "dataset", "file_format", "status", "rows", "created_at", "finished_at"]
    list_filter = ["status", "dataset"]
    exclude = ["content"]
    autocomplete_fields = ["expo", "requested_by"]
