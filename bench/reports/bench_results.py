"""How long the results take as deals pile up: compute_results (one pass in Python over
the confirmed deals, with the tables, sources and comparison) against a baseline of SQL
aggregates for the headline sums only, and the four communiqué formats.

    TRADEFAIR_DATA_DIR=/tmp/bench-reports .venv/bin/python bench/reports/bench_results.py [--deals 1000 10000 50000]

Builds its own database in TRADEFAIR_DATA_DIR (a throw-away SQLite file unless DATABASE_URL
is set), prints one line per size and the ratio to the baseline."""

import argparse
import datetime as dt
import os
import random
import sys
import tempfile
import time
from decimal import Decimal

os.environ.setdefault("TRADEFAIR_DATA_DIR", tempfile.mkdtemp(prefix="bench-reports-"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tradefair.common.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db.models import Q, Sum  # noqa: E402
from django.utils import timezone  # noqa: E402

from tradefair.catalog.models import InvestmentProject  # noqa: E402
from tradefair.deals.domain.conversion import RateBook, apply_conversion  # noqa: E402
from tradefair.deals.models import Deal, DealParty  # noqa: E402
from tradefair.expos.models import Expo  # noqa: E402
from tradefair.people.models import Organisation  # noqa: E402
from tradefair.reports.domain.results import compute_results  # noqa: E402
from tradefair.reports.rendering.report import render_report  # noqa: E402

KINDS = ["contract", "contract", "purchase_order", "intent", "memorandum"]
STATUSES = ["signed", "signed", "executed", "intended", "cancelled"]
CURRENCIES = ["CNY", "CNY", "USD", "JPY", "KRW", "RUB", "EUR", "MNT"]


def build(size: int, seed: int = 1) -> Expo:
    rng = random.Random(seed)
    slug = f"bench-{size}"
    Expo.objects.filter(slug=slug).delete()
    expo = Expo.objects.create(
        slug=slug, edition=1, name={"en": slug}, host_city={"en": "Changchun"},
        starts=dt.date(2019, 8, 23), ends=dt.date(2019, 8, 27),
    )  # fmt: skip
    organisations = Organisation.objects.bulk_create(
        [
            Organisation(
                legal_name=f"Org {i}", name={"en": f"Org {i}"}, country=rng.choice(["CN", "RU", "JP", "KR"])
            )
            for i in range(max(50, size // 20))
        ]
    )
    projects = InvestmentProject.objects.bulk_create(
        [
            InvestmentProject(
                expo=expo,
                owner=rng.choice(organisations),
                name={"en": f"P{i}"},
                isic_section="C",
                country="CN",
                amount_sought=Decimal(100_000_000),
            )  # fmt: skip
            for i in range(max(10, size // 50))
        ]
    )
    book, now, deals = RateBook(expo), timezone.now(), []
    for i in range(size):
        agreement = i % 25 == 0
        deal = Deal(
            expo=expo,
            kind="investment_agreement" if agreement else rng.choice(KINDS),
            status="signed" if agreement else rng.choice(STATUSES),
            amount=Decimal(rng.randrange(10_000, 50_000_000_00)) / 100,
            currency=rng.choice(CURRENCIES),
            signed_on=expo.starts + dt.timedelta(days=rng.randrange(5)),
            isic_section=rng.choice("ACGHJ"),
            project=rng.choice(projects) if agreement else None,
            confirmed_at=now,
        )
        apply_conversion(deal, book)
        deals.append(deal)
    Deal.objects.bulk_create(deals, batch_size=1000)
    DealParty.objects.bulk_create(
        [
            DealParty(deal=deal, organisation=organisation, position=position)
            for deal in deals
            for position, organisation in enumerate(rng.sample(organisations, 2))
        ],
        batch_size=2000,
    )
    return expo


def baseline(expo) -> dict:
    """Only the three headline sums, as SQL aggregates: what a hand-written report would do."""
    counted = Deal.objects.filter(expo=expo, confirmed_at__isnull=False).exclude(status="cancelled")
    return counted.aggregate(
        trade=Sum("amount_base", filter=Q(kind__in=["contract", "purchase_order"], status__in=["signed", "executed"])),
        intended=Sum("amount_base", filter=Q(kind="intent") | Q(kind__in=["contract", "purchase_order"], status="intended")),
        investment=Sum("amount_base", filter=Q(kind="investment_agreement", status__in=["signed", "executed"])),
    )  # fmt: skip


def best_of(function, repeat: int = 3) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--deals", type=int, nargs="+", default=[1000, 10000, 50000])
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    print(f"database: {django.db.connection.vendor}; best of 3 runs, seconds")
    print(
        f"{'deals':>7} {'baseline':>9} {'results':>8} {'ratio':>6} {'json':>6} {'md':>6} {'pdf':>6} {'xlsx':>6}"
    )
    drift = []
    for size in args.deals:
        expo = build(size)
        sums = baseline(expo)
        results = compute_results(expo)
        exact = sum(
            Deal.objects.filter(pk__in=results.sources["trade_volume"]["deal_ids"]).values_list(
                "amount_base", flat=True
            ),
            Decimal("0.00"),
        )
        assert results.figures["trade_volume"] == exact, "the trade volume is not the sum of its deals"
        drift.append((size, (sums["trade"] or Decimal(0)) - exact))
        base = best_of(lambda expo=expo: baseline(expo))
        full = best_of(lambda expo=expo: compute_results(expo))
        formats = {
            name: best_of(
                lambda expo=expo, name=name: render_report(expo, file_format=name, language="en"), 1
            )
            for name in ("json", "md", "pdf", "xlsx")
        }
        print(
            f"{size:>7} {base:>9.4f} {full:>8.3f} {full / base:>6.0f} "
            + " ".join(f"{formats[name]:>6.2f}" for name in ("json", "md", "pdf", "xlsx"))
        )
        sys.stdout.flush()
    print(
        "results = the whole tradefair-results/1 document with tables and sources; ratio = results / baseline"
    )
    for size, difference in drift:
        print(f"{size:>7} deals: SQL SUM(trade volume) minus the exact Decimal sum = {difference} yuan")


if __name__ == "__main__":
    main()
