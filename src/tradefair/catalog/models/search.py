from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    EXHIBITOR = "exhibitor", _("Exhibitor")
    PRODUCT = "product", _("Product")
    PROJECT = "project", _("Investment project")


class SearchEntry(models.Model):
    """One searchable thing of the catalog, denormalised so that a search reads one table.

    ``text`` holds every language of the names and descriptions, legal names, Latin
    transliterations and codes, case-folded; the SQLite FTS5 table
    ``catalog_search_fts`` (trigram) or the PostgreSQL trigram and text-search indexes
    are built on it by migration 0003. Rows are written only by
    ``catalog.domain.search_index``; never edit them by hand."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    object_id = models.BigIntegerField()
    exhibitor_id = models.BigIntegerField(null=True)
    country = models.CharField(max_length=2, blank=True)
    pavilion_id = models.BigIntegerField(null=True)
    hs_sections = models.CharField(max_length=100, blank=True, help_text="space-separated HS sections")
    isic_sections = models.CharField(max_length=30, blank=True, help_text="ISIC section letters")
    names = models.JSONField(default=dict)
    name_keys = models.TextField(help_text="\\x1f-separated case-folded names, for exact-match ranking")
    text = models.TextField()

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_entry_once_per_object")
        ]
        indexes = [models.Index(fields=["expo", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}"
