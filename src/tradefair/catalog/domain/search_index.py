"""Writing the search entries. Domain write functions call ``index_*`` after they save;
``rebuild_search_index`` rewrites an expo's entries at once (demo, imports, repairs)."""

import functools

from django.db import connection, transaction
from django.db.models import Q

from tradefair.catalog.domain.search_text import latin_spelling, name_keys, searchable
from tradefair.catalog.models import Exhibitor, InvestmentProject, Product, SearchEntry, SearchKind
from tradefair.common.taxonomy import ISIC_SECTIONS, hs_description, hs_section
from tradefair.expos.models import Expo


@functools.lru_cache(maxsize=4096)
def _hs_section(code: str) -> str:
    return hs_section(code)


@functools.lru_cache(maxsize=4096)
def _hs_words(code: str) -> str:
    return hs_description(code)


def _values(i18n) -> list[str]:
    data = getattr(i18n, "data", i18n)
    if isinstance(data, dict):
        return [str(text) for text in data.values() if text]
    return [str(data)] if data else []


def _isic_words(sections) -> list[str]:
    return [f"{section} {ISIC_SECTIONS[section]}" for section in sections if section in ISIC_SECTIONS]


def _names(i18n, *extra: str) -> dict:
    data = getattr(i18n, "data", i18n)
    names = dict(data) if isinstance(data, dict) else ({"en": str(data)} if data else {})
    for text in extra:
        if text and text not in names.values():
            names.setdefault("_legal", text)
    return names


def exhibitor_entry(exhibitor: Exhibitor, product_codes: list[str]) -> SearchEntry:
    organisation = exhibitor.organisation
    display = _values(organisation.name)
    hs_codes = sorted(set(organisation.hs_codes or []) | set(product_codes))
    return SearchEntry(
        expo_id=exhibitor.expo_id,
        kind=SearchKind.EXHIBITOR,
        object_id=exhibitor.pk,
        exhibitor_id=exhibitor.pk,
        country=organisation.country.code or "",
        pavilion_id=exhibitor.pavilion_id,
        hs_sections=" ".join(sorted({_hs_section(code) for code in hs_codes} - {""})),
        isic_sections="".join(sorted(organisation.isic_sections or [])),
        names=_names(organisation.name, organisation.legal_name),
        name_keys=name_keys([*display, organisation.legal_name, *map(latin_spelling, display)]),
        text=searchable(
            organisation.legal_name,
            *display,
            *_values(exhibitor.profile),
            *hs_codes,
            *_isic_words(organisation.isic_sections or []),
        ),
    )


def product_entry(product: Product) -> SearchEntry:
    exhibitor = product.exhibitor
    organisation = exhibitor.organisation
    names = _values(product.name)
    return SearchEntry(
        expo_id=exhibitor.expo_id,
        kind=SearchKind.PRODUCT,
        object_id=product.pk,
        exhibitor_id=exhibitor.pk,
        country=organisation.country.code or "",
        pavilion_id=exhibitor.pavilion_id,
        hs_sections=_hs_section(product.hs_code),
        isic_sections="".join(sorted(organisation.isic_sections or [])),
        names=_names(product.name),
        name_keys=name_keys(names),
        text=searchable(*names, *_values(product.description), product.hs_code, _hs_words(product.hs_code)),
    )


def project_entry(project: InvestmentProject) -> SearchEntry:
    names = _values(project.name)
    exhibitor = project.exhibitor
    return SearchEntry(
        expo_id=project.expo_id,
        kind=SearchKind.PROJECT,
        object_id=project.pk,
        exhibitor_id=project.exhibitor_id,
        country=project.country.code or "",
        pavilion_id=exhibitor.pavilion_id if exhibitor else None,
        hs_sections="",
        isic_sections=project.isic_section,
        names=_names(project.name),
        name_keys=name_keys(names),
        text=searchable(
            *names,
            *_values(project.description),
            *_values(project.location),
            project.owner.legal_name,
            *_isic_words([project.isic_section]),
        ),
    )


def _replace(entry: SearchEntry) -> None:
    with transaction.atomic():
        SearchEntry.objects.filter(kind=entry.kind, object_id=entry.object_id).delete()
        entry.save()


def index_exhibitor(exhibitor: Exhibitor) -> None:
    exhibitor = Exhibitor.objects.select_related("organisation").get(pk=exhibitor.pk)
    codes = list(exhibitor.products.values_list("hs_code", flat=True))
    _replace(exhibitor_entry(exhibitor, codes))


def index_product(product: Product) -> None:
    product = Product.objects.select_related("exhibitor__organisation").get(pk=product.pk)
    _replace(product_entry(product))
    index_exhibitor(product.exhibitor)


def reindex_exhibitor_and_products(exhibitor: Exhibitor) -> None:
    """After an edit that may have changed, added or deleted the exhibitor's products at
    once (the admin's exhibitor page)."""
    products = list(Product.objects.filter(exhibitor=exhibitor).select_related("exhibitor__organisation"))
    with transaction.atomic():
        SearchEntry.objects.filter(kind=SearchKind.PRODUCT, exhibitor_id=exhibitor.pk).exclude(
            object_id__in=[product.pk for product in products]
        ).delete()
        for product in products:
            _replace(product_entry(product))
        index_exhibitor(exhibitor)


def index_project(project: InvestmentProject) -> None:
    project = InvestmentProject.objects.select_related("owner", "exhibitor").get(pk=project.pk)
    _replace(project_entry(project))


def unindex(kind: str, object_id: int) -> None:
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def rebuild_search_index(expo: Expo, *, progress=None) -> int:
    """Rewrite every entry of the expo; returns how many were written."""
    advance = progress or (lambda n: None)
    exhibitors = list(Exhibitor.objects.filter(expo=expo).select_related("organisation"))
    products = list(
        Product.objects.filter(exhibitor__expo=expo).select_related("exhibitor__organisation").order_by("id")
    )
    codes: dict[int, list[str]] = {}
    for product in products:
        codes.setdefault(product.exhibitor_id, []).append(product.hs_code)
    entries = [exhibitor_entry(exhibitor, codes.get(exhibitor.pk, [])) for exhibitor in exhibitors]
    advance(len(exhibitors))
    entries += [product_entry(product) for product in products]
    advance(len(products))
    projects = InvestmentProject.objects.filter(expo=expo).select_related("owner", "exhibitor")
    entries += [project_entry(project) for project in projects]
    with transaction.atomic():
        SearchEntry.objects.filter(expo=expo).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner knows when the trigram index pays off.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE catalog_searchentry")
    advance(len(entries) - len(exhibitors) - len(products))
    return len(entries)


def reindex_organisations(organisation_ids, *, also=None) -> int:
    """An organisation's names are in the entries of its exhibitors, products and
    projects, in every expo it takes part in: after a rename outside the catalog's own
    editing (the admin, an import) those expos' entries are rewritten, with ``also``'s
    (the expo an import wrote exhibitors or products into). Returns how many."""
    ids = list(organisation_ids)
    expos = (
        set(Expo.objects.filter(Q(exhibitors__organisation_id__in=ids) | Q(projects__owner_id__in=ids)))
        if ids
        else set()
    )
    if also is not None:
        expos.add(also)
    return sum(rebuild_search_index(expo) for expo in sorted(expos, key=lambda expo: expo.pk))


def reindex_organisation(organisation) -> None:
    """One organisation edited (the admin): only the entries that carry its names, in
    every expo, are rewritten; a whole-expo rebuild is for bulk changes."""
    for exhibitor in Exhibitor.objects.filter(organisation=organisation):
        reindex_exhibitor_and_products(exhibitor)
    for project in InvestmentProject.objects.filter(owner=organisation):
        index_project(project)
