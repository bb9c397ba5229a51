"""The results of an edition: the headline figures of spec/interfaces.md
(``tradefair-results/1``), the tables behind them, the comparison with the previous
edition and the totals since the first one.

Counting rules (spec/interfaces.md):

- only deals an organiser recorded or confirmed count; cancelled deals never count;
- ``trade_volume``: converted amounts of signed or executed deals of the trade kinds
  (contract, purchase order);
- ``intended_volume``: letters of intent that are not cancelled, plus trade-kind deals
  still intended;
- ``deals_signed``: signed or executed deals that are not letters of intent;
  ``deals_intended``: the deals behind ``intended_volume`` and intended deals of other kinds;
- ``contracted_projects``: investment projects with a signed or executed investment
  agreement; ``contracted_investment``: those agreements' converted amounts;
- a deal with an amount but no rate is left out of every sum and listed in
  ``unconverted_deals``.

Sums are taken over the stored, fen-rounded converted amounts (deals.domain.conversion),
so every total is exactly the sum of its parts. Deals are attributed to a country or
region through their first party from outside the host country (the host country when all
parties are domestic), and to a sector through their ISIC section.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal

from django.utils import timezone

from tradefair.deals.models import SIGNED_STATUSES, TRADE_KINDS, Deal, DealKind, DealParty, DealStatus
from tradefair.expos.domain.figures import expo_figures
from tradefair.expos.models import Expo
from tradefair.matchmaking.models import Meeting, MeetingStatus

FORMAT = "tradefair-results/1"
ZERO = Decimal("0.00")
UNCLASSIFIED = ""
# Contracted projects by size, in the base currency, as Chinese communiqués band them.
SIZE_BANDS = [
    ("5000m", Decimal("5000000000")),
    ("1000m", Decimal("1000000000")),
    ("500m", Decimal("500000000")),
    ("100m", Decimal("100000000")),
    ("below", Decimal("0")),
]
COMPARED = [
    "participants",
    "countries_and_regions",
    "exhibitors",
    "meetings_held",
    "deals_signed",
    "trade_volume",
    "contracted_projects",
    "contracted_investment",
]


def checked_in_count(expo) -> int:
    """People checked in at the entrance, as counted by the on-site part."""
    try:
        from tradefair.onsite.domain.figures import checked_in_count as onsite_count
    except ImportError:  # pragma: no cover - on-site check-in not installed
        return 0
    return onsite_count(expo)


@dataclass
class DealRow:
    id: int
    kind: str
    status: str
    amount: Decimal | None
    currency: str
    amount_base: Decimal | None
    isic_section: str
    project_id: int | None
    signed_on: dt.date
    meeting_id: int | None = None
    country: str = ""  # the host country (expo.host_country) unless a party is from elsewhere

    @property
    def counts_as_trade(self) -> bool:
        return self.kind in TRADE_KINDS and self.status in SIGNED_STATUSES

    @property
    def counts_as_intended(self) -> bool:
        return (self.kind == DealKind.INTENT) or (
            self.kind in TRADE_KINDS and self.status == DealStatus.INTENDED
        )

    @property
    def counts_as_signed(self) -> bool:
        return self.kind != DealKind.INTENT and self.status in SIGNED_STATUSES

    @property
    def counts_as_contract_of_project(self) -> bool:
        return (
            self.kind == DealKind.INVESTMENT_AGREEMENT
            and self.status in SIGNED_STATUSES
            and self.project_id is not None
        )

    @property
    def lacks_rate(self) -> bool:
        return self.amount is not None and self.amount_base is None


def counted_deals(expo):
    """The deals the results are made of: confirmed and not cancelled."""
    return Deal.objects.filter(expo=expo, confirmed_at__isnull=False).exclude(status=DealStatus.CANCELLED)


def _deal_rows(expo) -> list[DealRow]:
    rows = [
        DealRow(**values, country=expo.host_country)
        for values in counted_deals(expo)
        .order_by("id")
        .values(
            "id",
            "kind",
            "status",
            "amount",
            "currency",
            "amount_base",
            "isic_section",
            "project_id",
            "signed_on",
            "meeting_id",
        )
    ]
    by_id = {row.id: row for row in rows}
    parties = (
        DealParty.objects.filter(deal__in=counted_deals(expo))
        .order_by("deal_id", "position", "id")
        .values_list("deal_id", "organisation__country")
    )
    settled = set()
    for deal_id, country in parties:
        if deal_id in settled or deal_id not in by_id:
            continue
        if country and country != expo.host_country:
            by_id[deal_id].country = country
            settled.add(deal_id)
    return rows


def _sum(rows) -> Decimal:
    return sum((row.amount_base for row in rows if row.amount_base is not None), ZERO)


@dataclass
class DealFigures:
    deals_signed: list[DealRow]
    deals_intended: list[DealRow]
    trade: list[DealRow]
    intended: list[DealRow]
    agreements: list[DealRow]
    unconverted: list[DealRow]

    @property
    def project_ids(self) -> list[int]:
        return sorted({row.project_id for row in self.agreements})


def _classify(rows: list[DealRow]) -> DealFigures:
    trade = [r for r in rows if r.counts_as_trade]
    intended = [r for r in rows if r.counts_as_intended]
    return DealFigures(
        deals_signed=[r for r in rows if r.counts_as_signed],
        deals_intended=[r for r in rows if r.counts_as_intended or r.status == DealStatus.INTENDED],
        trade=trade,
        intended=intended,
        agreements=[r for r in rows if r.counts_as_contract_of_project],
        unconverted=[r for r in rows if r.lacks_rate],
    )


def _ids(rows) -> list[int]:
    return [row.id for row in rows]


def _converted_ids(rows) -> list[int]:
    return [row.id for row in rows if row.amount_base is not None]


@dataclass
class Results:
    expo: Expo
    as_of: dt.datetime
    figures: dict
    unconverted_deals: list[int]
    sources: dict
    tables: dict = field(default_factory=dict)
    comparison: dict = field(default_factory=dict)

    @property
    def currency(self) -> str:
        return self.expo.base_currency

    def document(self, *, detailed: bool = True) -> dict:
        """The ``tradefair-results/1`` document; amounts as decimal strings."""
        document = {
            "format": FORMAT,
            "expo": self.expo.slug,
            "edition": self.expo.edition,
            "as_of": self.as_of.astimezone(self.expo.tz).isoformat(timespec="seconds"),
            "currency": self.currency,
            "figures": {key: _plain(value) for key, value in self.figures.items()},
            "unconverted_deals": self.unconverted_deals,
            "sources": self.sources,
        }
        if detailed:
            document["tables"] = _plain(self.tables)
            document["comparison"] = _plain(self.comparison)
        return document

    @classmethod
    def from_document(cls, expo: Expo, document: dict) -> "Results":
        """The results as a stored document gives them (a frozen publication): amounts
        back to Decimal, so the communiqué is written from them as from live figures."""
        return cls(
            expo=expo,
            as_of=dt.datetime.fromisoformat(document["as_of"]),
            figures=_decimals(document["figures"]),
            unconverted_deals=list(document.get("unconverted_deals", [])),
            sources=document.get("sources", {}),
            tables=_decimals(document.get("tables") or {}),
            comparison=_decimals(document.get("comparison") or {}),
        )


# Keys whose values are amounts in the stored document (decimal strings). The changes in
# per cent of the comparison share the figures' names but stay strings.
AMOUNT_KEYS = frozenset({"trade_volume", "intended_volume", "contracted_investment", "amount", "amount_base"})


def _decimals(value, key: str = ""):
    if isinstance(value, dict):
        if key == "change_percent":
            return dict(value)
        return {name: _decimals(item, name) for name, item in value.items()}
    if isinstance(value, list):
        return [_decimals(item, key) for item in value]
    if key in AMOUNT_KEYS and isinstance(value, str):
        return Decimal(value)
    return value


def _plain(value):
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _headline(expo, rows: list[DealRow]) -> tuple[dict, DealFigures, dict]:
    base = expo_figures(expo)
    meetings = Meeting.objects.filter(round__expo=expo)
    # A no-show was scheduled all the same; only cancelled meetings drop out.
    scheduled = meetings.filter(
        status__in=[MeetingStatus.CONFIRMED, MeetingStatus.HELD, MeetingStatus.NO_SHOW]
    )
    held = meetings.filter(status=MeetingStatus.HELD)
    deals = _classify(rows)
    figures = {
        "participants": base.participants,
        "merchants": base.merchants,
        "countries_and_regions": base.countries_and_regions,
        "exhibitors": base.exhibitors,
        "exhibitors_foreign": base.exhibitors_foreign,
        "checked_in": checked_in_count(expo),
        "meetings_scheduled": scheduled.count(),
        "meetings_held": held.count(),
        "deals_signed": len(deals.deals_signed),
        "deals_intended": len(deals.deals_intended),
        "trade_volume": _sum(deals.trade),
        "intended_volume": _sum(deals.intended),
        "contracted_projects": len(deals.project_ids),
        "contracted_investment": _sum(deals.agreements),
    }
    return figures, deals, {"scheduled": scheduled, "held": held}


# The figures that are counts of people, exhibitors or meetings name the rule they were
# counted by, never the SQL behind it (which says how the database is laid out, and
# nothing a reader can check). The figures made of deals list the deals' ids.
CRITERIA = {
    "participants": "approved_participants",
    "merchants": "approved_participants_with_merchant_role",
    "countries_and_regions": "countries_of_approved_participants",
    "exhibitors": "exhibitors",
    "exhibitors_foreign": "exhibitors_from_outside_the_host_country",
    "checked_in": "participants_checked_in_at_least_once",
    "meetings_scheduled": "meetings_confirmed_held_or_no_show",
    "meetings_held": "meetings_held",
}


def _sources(deals: DealFigures) -> dict:
    return {key: {"criterion": criterion} for key, criterion in CRITERIA.items()} | {
        "deals_signed": {"deal_ids": _ids(deals.deals_signed)},
        "deals_intended": {"deal_ids": _ids(deals.deals_intended)},
        "trade_volume": {"deal_ids": _converted_ids(deals.trade)},
        "intended_volume": {"deal_ids": _converted_ids(deals.intended)},
        "contracted_projects": {"deal_ids": _ids(deals.agreements), "project_ids": deals.project_ids},
        "contracted_investment": {"deal_ids": _converted_ids(deals.agreements)},
    }


def _band(amount: Decimal) -> str:
    return next(name for name, floor in SIZE_BANDS if amount >= floor)


def _tables(expo, rows: list[DealRow], deals: DealFigures) -> dict:
    by_sector: dict[str, dict] = defaultdict(_empty_line)
    by_country: dict[str, dict] = defaultdict(_empty_line)
    for row in rows:
        for line in (by_sector[row.isic_section or UNCLASSIFIED], by_country[row.country]):
            _add(line, row)
    # A project contracted by two agreements is one project whose size is their sum.
    per_project: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in deals.agreements:
        per_project[row.project_id] += row.amount_base if row.amount_base is not None else ZERO
    bands = {name: {"band": name, "projects": 0, "amount": ZERO} for name, _floor in SIZE_BANDS}
    for amount in per_project.values():
        band = bands[_band(amount)]
        band["projects"] += 1
        band["amount"] += amount
    by_currency: dict[str, dict] = {}
    by_day: dict[str, Decimal] = defaultdict(lambda: ZERO)
    for row in rows:
        if row.amount is None:
            continue
        line = by_currency.setdefault(
            row.currency,
            {"currency": row.currency, "deals": 0, "amount": ZERO, "amount_base": ZERO, "unconverted": 0},
        )
        line["deals"] += 1
        line["amount"] += row.amount
        if row.amount_base is None:
            line["unconverted"] += 1
        else:
            line["amount_base"] += row.amount_base
        if row.counts_as_trade and row.amount_base is not None:
            by_day[row.signed_on.isoformat()] += row.amount_base
    return {
        "by_sector": sorted(
            ({"sector": code, **line} for code, line in by_sector.items()),
            key=lambda line: (-line["trade_volume"], line["sector"]),
        ),
        "by_country": sorted(
            ({"country": code, **line} for code, line in by_country.items()),
            key=lambda line: (-line["trade_volume"], -line["contracted_investment"], line["country"]),
        ),
        "size_bands": [bands[name] for name, _floor in SIZE_BANDS],
        "by_currency": sorted(
            by_currency.values(), key=lambda line: (-line["amount_base"], line["currency"])
        ),
        "trade_by_day": [{"day": day, "trade_volume": by_day[day]} for day in sorted(by_day)],
        "matchmaking": _matchmaking_yield(expo, rows),
    }


def _matchmaking_yield(expo, rows: list[DealRow]) -> dict:
    """What business matchmaking yielded: the deals that name the meeting they came from;
    of them, the online meetings held (as matchmaking's attendance counts them) and the
    deals from those."""
    from tradefair.matchmaking.domain.attendance import online_meetings_held

    from_meetings = [row for row in rows if row.meeting_id is not None]
    online = set(online_meetings_held(expo).values_list("pk", flat=True))
    return {
        "online_meetings_held": len(online),
        "online_meeting_deals": sum(1 for row in from_meetings if row.meeting_id in online),
        "meetings_with_deals": len({row.meeting_id for row in from_meetings}),
        "deals_signed": sum(1 for row in from_meetings if row.counts_as_signed),
        "deals_intended": sum(
            1 for row in from_meetings if row.counts_as_intended or row.status == DealStatus.INTENDED
        ),
        "trade_volume": _sum(row for row in from_meetings if row.counts_as_trade),
        "intended_volume": _sum(row for row in from_meetings if row.counts_as_intended),
        "deal_ids": _ids(from_meetings),
    }


def _empty_line() -> dict:
    return {
        "deals_signed": 0,
        "deals_intended": 0,
        "trade_volume": ZERO,
        "intended_volume": ZERO,
        "contracted_projects": 0,
        "contracted_investment": ZERO,
    }


def _add(line: dict, row: DealRow) -> None:
    converted = row.amount_base if row.amount_base is not None else ZERO
    if row.counts_as_signed:
        line["deals_signed"] += 1
    if row.counts_as_intended or row.status == DealStatus.INTENDED:
        line["deals_intended"] += 1
    if row.counts_as_trade:
        line["trade_volume"] += converted
    if row.counts_as_intended:
        line["intended_volume"] += converted
    if row.counts_as_contract_of_project:
        line["contracted_projects"] += 1
        line["contracted_investment"] += converted


def editions_of_series(expo) -> list[Expo]:
    """The editions of the expo's series up to this one, in edition order, found by the
    series itself and not by the slugs, which organisers choose freely. A one-off expo
    (no series) is its own only edition."""
    if not expo.series:
        return [expo]
    return list(Expo.objects.filter(series=expo.series, edition__lte=expo.edition).order_by("edition", "id"))


def _change(current, previous):
    if previous in (None, 0, ZERO):
        return None
    change = (Decimal(current) - Decimal(previous)) * 100 / Decimal(previous)
    return change.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


def _comparison(expo, figures: dict) -> dict:
    """The previous edition is the series' highest edition number below this one (a
    skipped year still compares with the last edition held); the cumulative totals add
    every edition of the series up to this one. A one-off expo compares with nothing."""
    editions = editions_of_series(expo)
    earlier = [other for other in editions if other.edition < expo.edition]
    headline = {other.pk: _headline(other, _deal_rows(other))[0] for other in earlier}
    previous = earlier[-1] if earlier else None
    cumulative = {key: figures[key] for key in COMPARED}
    for other in earlier:
        for key in COMPARED:
            cumulative[key] += headline[other.pk][key]
    return {
        "series": expo.series or None,
        "previous_edition": (
            {
                "expo": previous.slug,
                "edition": previous.edition,
                "figures": {key: headline[previous.pk][key] for key in COMPARED},
                "change_percent": {
                    key: (
                        None if (c := _change(figures[key], headline[previous.pk][key])) is None else f"{c}"
                    )
                    for key in COMPARED
                },
            }
            if previous is not None
            else None
        ),
        "cumulative": {
            "since_edition": editions[0].edition if editions else expo.edition,
            "editions": len(editions) or 1,
            "figures": cumulative,
        },
    }


def compute_results(expo: Expo, *, as_of: dt.datetime | None = None, detailed: bool = True) -> Results:
    rows = _deal_rows(expo)
    figures, deals, _meetings = _headline(expo, rows)
    return Results(
        expo=expo,
        as_of=as_of or timezone.now(),
        figures=figures,
        unconverted_deals=_ids(deals.unconverted),
        sources=_sources(deals),
        tables=_tables(expo, rows, deals) if detailed else {},
        comparison=_comparison(expo, figures) if detailed else {},
    )
