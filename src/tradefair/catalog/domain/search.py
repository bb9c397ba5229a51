"""Catalog search: one function, ``search``, over exhibitors, products and investment
projects, in every script of the region.

Matching is by substring, so that text written without spaces (Chinese, Japanese,
Korean) is found by any part of it: "挖掘机" finds "履带式挖掘机". Each backend finds the
entries that contain every query term and gives them a relevance in [0, 1):

- SQLite: FTS5 with the trigram tokenizer; terms shorter than three characters, which
  have no trigram, are checked with ``instr`` on the entries the longer terms selected
  (or on the expo's entries when no term is long enough); relevance from bm25.
- PostgreSQL: ``LIKE`` served by a pg_trgm GIN index; relevance from the full text
  rank (``ts_rank`` over a stored 'simple' tsvector) and the share of the text the
  query covers.

The score is then the same on both: 3 for an exact name (in any language), 2 more for a
name that starts with the query, 1 more for a name that contains it, plus the
relevance. So an exact name always ranks first, and both databases agree on the order
apart from the relevance fraction.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.db import connection
from django.utils.translation import gettext as _
from i18nfield.strings import LazyI18nString

from tradefair.catalog.domain.search_text import SEPARATOR, query_terms
from tradefair.catalog.models import SearchEntry, SearchKind
from tradefair.common.errors import DomainError
from tradefair.common.i18n import localize
from tradefair.common.regions import is_valid_code
from tradefair.common.taxonomy import ISIC_SECTIONS
from tradefair.expos.models import Expo

KIND_ORDER = {SearchKind.EXHIBITOR: 0, SearchKind.PRODUCT: 1, SearchKind.PROJECT: 2}
FACETS = ("kind", "country", "pavilion", "hs_section", "isic_section")
MAX_QUERY_LENGTH = 200


@dataclass(frozen=True)
class SearchHit:
    kind: str
    id: int
    name: str
    exhibitor_id: int | None
    country: str
    pavilion: int | None
    score: float


@dataclass
class SearchPage:
    hits: list[SearchHit]
    count: int
    facets: dict[str, dict[str, int]] = field(default_factory=dict)


@dataclass
class _Row:
    entry_id: int
    kind: str
    id: int
    exhibitor_id: int | None
    country: str
    pavilion: int | None
    hs_sections: tuple[str, ...]
    isic_sections: str
    name_keys: str
    relevance: float
    score: float = 0.0

    def facet_values(self, facet: str) -> tuple[str, ...]:
        if facet == "kind":
            return (self.kind,)
        if facet == "country":
            return (self.country,) if self.country else ()
        if facet == "pavilion":
            return (str(self.pavilion),) if self.pavilion else ()
        if facet == "hs_section":
            return self.hs_sections
        return tuple(self.isic_sections)


@dataclass(frozen=True)
class Filters:
    kind: str = ""
    country: str = ""
    pavilion: str = ""
    hs_section: str = ""
    isic_section: str = ""

    def value(self, facet: str) -> str:
        return getattr(self, facet)


def search(
    expo: Expo,
    *,
    query: str,
    kind: str = "",
    country: str = "",
    pavilion: int | str | None = None,
    hs_section: str = "",
    isic_section: str = "",
    offset: int = 0,
    limit: int = 20,
) -> SearchPage:
    """The entries of the expo that contain every term of the query, best first, with
    facet counts (each facet counted under the other facets' filters)."""
    filters = _checked_filters(expo, kind, country, pavilion, hs_section, isic_section)
    query = (query or "").strip()
    if not query:
        raise DomainError("empty_query", _("Type something to search for."))
    if len(query) > MAX_QUERY_LENGTH:
        raise DomainError(
            "query_too_long", _("Search for at most %(count)d characters.") % {"count": MAX_QUERY_LENGTH}
        )
    terms = query_terms(query)
    rows = _backend().candidates(expo.pk, terms, " ".join(terms))
    for row in rows:
        row.score = round(_name_bonus(row.name_keys, terms) + row.relevance, 4)
    facets, selected = _facets_and_selection(rows, filters)
    selected.sort(key=lambda row: (-row.score, KIND_ORDER.get(row.kind, 9), row.id))
    page = selected[offset : offset + limit]
    names = _names([row.entry_id for row in page])
    return SearchPage(
        hits=[_hit(row, names[row.entry_id], expo) for row in page], count=len(selected), facets=facets
    )


def _checked_filters(expo, kind, country, pavilion, hs_section, isic_section) -> Filters:
    if kind and kind not in SearchKind.values:
        raise DomainError(
            "unknown_kind",
            _("Search for one of: %(kinds)s.") % {"kinds": ", ".join(SearchKind.values)},
        )
    if country:
        country = country.upper()
        if not is_valid_code(country):
            raise DomainError(
                "unknown_country", _("“%(code)s” is not a country or region code.") % {"code": country}
            )
    if pavilion not in (None, ""):
        try:
            pavilion = str(int(pavilion))
        except (TypeError, ValueError):
            raise DomainError("bad_pavilion", _("The pavilion must be given by its number.")) from None
        if not expo.pavilions.filter(pk=int(pavilion)).exists():
            raise DomainError("unknown_pavilion", _("This expo has no pavilion %(id)s.") % {"id": pavilion})
    else:
        pavilion = ""
    hs_section = (hs_section or "").upper()
    if hs_section and not (hs_section.isalpha() and set(hs_section) <= set("IVXL")):
        raise DomainError("unknown_hs_section", _("Give an HS section as a Roman numeral (I to XXI)."))
    isic_section = (isic_section or "").upper()
    if isic_section and isic_section not in ISIC_SECTIONS:
        raise DomainError("unknown_isic_section", _("Give an ISIC section as a letter from A to U."))
    return Filters(kind, country, pavilion, hs_section, isic_section)


def _name_bonus(keys: str, terms: list[str]) -> float:
    phrase = " ".join(terms)
    if f"{SEPARATOR}{phrase}{SEPARATOR}" in keys:
        return 6.0
    if f"{SEPARATOR}{phrase}" in keys:
        return 3.0
    if all(term in keys for term in terms):
        return 1.0
    return 0.0


def _facets_and_selection(rows: list[_Row], filters: Filters) -> tuple[dict[str, dict[str, int]], list[_Row]]:
    """Facet counts (each facet under the other facets' filters, so a selected value's
    siblings stay visible) and the rows that pass every filter, in one pass per facet."""
    active = [facet for facet in FACETS if filters.value(facet)]
    passes = {facet: [filters.value(facet) in row.facet_values(facet) for row in rows] for facet in active}
    facets = {}
    for facet in FACETS:
        others = [passes[other] for other in active if other != facet]
        counts: Counter[str] = Counter()
        for index, row in enumerate(rows):
            if all(flags[index] for flags in others):
                counts.update(row.facet_values(facet))
        facets[facet] = dict(counts.most_common())
    selected = [row for index, row in enumerate(rows) if all(passes[facet][index] for facet in active)]
    return facets, selected


def _names(entry_ids: list[int]) -> dict[int, dict]:
    """The names of the entries shown, read apart so that a broad query does not decode
    the names of a thousand entries to show twenty."""
    return dict(SearchEntry.objects.filter(pk__in=entry_ids).values_list("id", "names")) if entry_ids else {}


def _hit(row: _Row, names: dict, expo: Expo) -> SearchHit:
    names = dict(names)
    if len(names) > 1:
        names.pop("_legal", None)
    return SearchHit(
        kind=row.kind,
        id=row.id,
        name=localize(LazyI18nString(names), expo.languages),
        exhibitor_id=row.exhibitor_id,
        country=row.country,
        pavilion=row.pavilion,
        score=row.score,
    )


_COLUMNS = (
    "e.id, e.kind, e.object_id, e.exhibitor_id, e.country, e.pavilion_id, e.hs_sections, "
    "e.isic_sections, e.name_keys"
)


def _row(values, relevance: float) -> _Row:
    entry_id, kind, object_id, exhibitor_id, country, pavilion_id, hs_sections, isic, keys = values
    return _Row(
        entry_id=entry_id,
        kind=kind,
        id=object_id,
        exhibitor_id=exhibitor_id,
        country=country,
        pavilion=pavilion_id,
        hs_sections=tuple(hs_sections.split()),
        isic_sections=isic,
        name_keys=keys,
        relevance=relevance,
    )


class SqliteBackend:
    def candidates(self, expo_id: int, terms: list[str], phrase: str) -> list[_Row]:
        long_terms = [term for term in terms if len(term) >= 3]
        short_terms = [term for term in terms if len(term) < 3]
        checks = "".join(" AND instr(e.text, %s) > 0" for _term in short_terms)
        if long_terms:
            match = " AND ".join('"' + term.replace('"', '""') + '"' for term in long_terms)
            sql = (
                # CROSS JOIN keeps SQLite from probing the FTS table once per entry.
                f"SELECT {_COLUMNS}, bm25(catalog_search_fts) FROM catalog_search_fts "
                "CROSS JOIN catalog_searchentry e ON e.id = catalog_search_fts.rowid "
                f"WHERE catalog_search_fts MATCH %s AND e.expo_id = %s{checks}"
            )
            params = [match, expo_id, *short_terms]
        else:
            sql = f"SELECT {_COLUMNS}, 0.0 FROM catalog_searchentry e WHERE e.expo_id = %s{checks}"
            params = [expo_id, *short_terms]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # bm25 is negative, more negative is better: map it into [0, 1).
            return [_row(values[:-1], -values[-1] / (1.0 - values[-1])) for values in cursor.fetchall()]


def _like(term: str) -> str:
    return "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


class PostgresBackend:
    def candidates(self, expo_id: int, terms: list[str], phrase: str) -> list[_Row]:
        checks = "".join(" AND e.text LIKE %s" for _term in terms)
        # Relevance: the text-search rank over the stored vector (whole words), and the
        # share of the text the first term covers (substrings, so CJK gets one too).
        sql = (
            f"SELECT {_COLUMNS}, ts_rank(e.search_vector, plainto_tsquery('simple', %s)), "
            "(length(e.text) - length(replace(e.text, %s, '')))::float / greatest(length(e.text), 1) "
            f"FROM catalog_searchentry e WHERE e.expo_id = %s{checks}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [phrase, terms[0], expo_id, *map(_like, terms)])
            rows = []
            for values in cursor.fetchall():
                rank, density = float(values[-2]), float(values[-1])
                relevance = 0.5 * (rank / (1.0 + rank)) + 0.5 * min(density, 0.999)
                rows.append(_row(values[:-2], relevance))
            return rows


def _backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()
