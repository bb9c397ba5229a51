"""Catalog search latency on a demo expo, against a naive icontains baseline.

    TRADEFAIR_DATA_DIR=/tmp/x tradefair generate-demo          # full size: 1,337 exhibitors
    TRADEFAIR_DATA_DIR=/tmp/x tradefair rebuild-search
    TRADEFAIR_DATA_DIR=/tmp/x .venv/bin/python bench/search/run.py [--expo cnea-2019] [--rounds 5]

Each query (every script of the region, HS codes, one- and two-character CJK, mixed
words) runs ``--rounds`` times through ``catalog.domain.search.search`` (first page of
20 with facets, as the page and the API ask) and through the baseline: Django
``icontains`` over the product, exhibitor and project columns, first 20 of each. The
baseline also shows how many of the queries it answers at all: i18nfield stores JSON
with escaped non-ASCII, so ``icontains`` cannot see Chinese, Korean or Cyrillic names.
"""

import argparse
import os
import statistics
import time

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")
django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Q  # noqa: E402

from tradefair.catalog.domain.search import search  # noqa: E402
from tradefair.catalog.models import Exhibitor, InvestmentProject, Product  # noqa: E402
from tradefair.expos.models import Expo  # noqa: E402

QUERIES = [
    "挖掘机", "挖掘", "机", "履带式挖掘机", "有限公司", "汽车", "长春", "반도체", "반도체 장비",
    "장비", "株式会社", "自動車", "トラクター", "экскаватор", "Сибирь", "ООО", "трактор", "Монгол", "хүч",
    "excavator", "crawler excavator", "Co., Ltd.", "truck", "natural gas", "8429", "842952", "87", "2709",
    "Changchun", "Sibir", "production base", "CT-301", "LH-595", "zzzz-nothing",
]  # fmt: skip


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def baseline(expo: Expo, query: str) -> int:
    products = Product.objects.filter(exhibitor__expo=expo).filter(
        Q(name__icontains=query) | Q(description__icontains=query) | Q(hs_code__startswith=query)
    )
    exhibitors = Exhibitor.objects.filter(expo=expo).filter(
        Q(organisation__legal_name__icontains=query)
        | Q(organisation__name__icontains=query)
        | Q(profile__icontains=query)
    )
    projects = InvestmentProject.objects.filter(expo=expo).filter(
        Q(name__icontains=query) | Q(description__icontains=query)
    )
    found = 0
    for queryset in (exhibitors, products, projects):
        found += queryset.count()
        list(queryset[:20])
    return found


def measure(function, expo, rounds: int) -> tuple[list[float], dict[str, int]]:
    timings, found = [], {}
    for query in QUERIES:
        function(expo, query)  # warm the caches once
        for _round in range(rounds):
            started = time.perf_counter()
            found[query] = function(expo, query)
            timings.append((time.perf_counter() - started) * 1000)
    return timings, found


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--expo", default="cnea-2019")
    parser.add_argument("--rounds", type=int, default=5)
    options = parser.parse_args()
    expo = Expo.objects.get(slug=options.expo)
    sizes = (
        Exhibitor.objects.filter(expo=expo).count(),
        Product.objects.filter(exhibitor__expo=expo).count(),
        InvestmentProject.objects.filter(expo=expo).count(),
    )
    print(
        f"database: {connection.vendor}; expo {expo.slug}: {sizes[0]} exhibitors, {sizes[1]} products, "
        f"{sizes[2]} projects; {len(QUERIES)} queries x {options.rounds} rounds",
        flush=True,
    )
    indexed, indexed_found = measure(lambda e, q: search(e, query=q).count, expo, options.rounds)
    naive, naive_found = measure(baseline, expo, options.rounds)
    rows = [
        ("index search", indexed, sum(1 for n in indexed_found.values() if n)),
        ("icontains baseline", naive, sum(1 for n in naive_found.values() if n)),
    ]
    print(f"| method | median ms | p95 ms | max ms | queries answered (of {len(QUERIES)}) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, timings, answered in rows:
        print(
            f"| {name} | {statistics.median(timings):.2f} | {percentile(timings, 0.95):.2f} "
            f"| {max(timings):.2f} | {answered} |"
        )
    print(
        f"ratio baseline/index: median {statistics.median(naive) / statistics.median(indexed):.2f}x, "
        f"p95 {percentile(naive, 0.95) / percentile(indexed, 0.95):.2f}x"
    )
    target = statistics.median(indexed) < 30 and percentile(indexed, 0.95) < 100
    print(f"target (median < 30 ms, p95 < 100 ms): {'met' if target else 'MISSED'}")
    missed = [q for q in QUERIES if indexed_found[q] == 0]
    print(f"queries the index found nothing for: {', '.join(missed) or 'none'}")


if __name__ == "__main__":
    main()
