"""Deals and signings for the demo edition, so that its results read like the 12th
China-Northeast Asia Expo's: a trade volume of exactly 728.67 million yuan and 93
contracted projects (or every project, when a small demo has fewer), with deals in
several currencies, intentions, a few cancellations, memoranda, and one deal in a
currency nobody entered a rate for, so the dashboard shows its warning."""

import datetime as dt
import random
from decimal import ROUND_HALF_EVEN, Decimal

from django.db import transaction
from django.utils import timezone

from tradefair.catalog.models import Exhibitor, InvestmentProject
from tradefair.common.audit import log_action
from tradefair.deals.domain.conversion import RateBook, apply_conversion
from tradefair.deals.models import Deal, DealKind, DealParty, DealStatus, ExchangeRate
from tradefair.matchmaking.models import Meeting, MeetingStatus
from tradefair.people.models import Participant, RegistrationStatus
from tradefair.program.models import Event, EventKind

TRADE_VOLUME = Decimal("728670000.00")
CONTRACTED_PROJECTS = 93
TRADE_DEALS = 180
INTENT_DEALS = 45
MEMORANDA = 12
CURRENCY_OF = {
    "JP": "JPY",
    "KR": "KRW",
    "RU": "RUB",
    "MN": "MNT",
    "US": "USD",
    "DE": "EUR",
    "FR": "EUR",
    "IT": "EUR",
    "NL": "EUR",
    "GB": "GBP",
    "HK": "HKD",
    "SG": "SGD",
    "AU": "AUD",
    "KP": "KPW",
}
# The organiser's rate for the tugrik, which the ECB does not publish (CNY per MNT, August 2019).
DEMO_RATES = {"MNT": Decimal("0.002692")}
WHOLE_UNITS = {"JPY", "KRW", "MNT", "KPW"}


def _ceremony(expo) -> Event:
    ceremony = Event.objects.filter(expo=expo, kind=EventKind.CEREMONY).order_by("starts_at").first()
    if ceremony is not None:
        return ceremony
    day = expo.starts
    return Event.objects.create(
        expo=expo,
        kind=EventKind.CEREMONY,
        name={
            "zh-hans": "重点合作项目签约仪式",
            "en": "Signing ceremony for key cooperation projects",
            "ja": "重点協力プロジェクト調印式",
            "ko": "중점 협력 프로젝트 서명식",
            "ru": "Церемония подписания ключевых проектов сотрудничества",
            "mn": "Хамтын ажиллагааны гол төслүүдийг гарын үсэг зурах ёслол",
        },
        starts_at=dt.datetime.combine(day, dt.time(16, 0), tzinfo=expo.tz),
        ends_at=dt.datetime.combine(day, dt.time(17, 30), tzinfo=expo.tz),
    )


def _units(amount: Decimal, currency: str) -> Decimal:
    step = Decimal(1000) if currency in WHOLE_UNITS else Decimal("100.00")
    return max(step, (amount / step).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * step).quantize(
        Decimal("0.01")
    )


class _Demo:
    def __init__(self, expo, seed: int):
        self.expo = expo
        self.rng = random.Random(seed)
        self.book = RateBook(expo)
        self.now = timezone.now()
        self.deals: list[Deal] = []
        self.parties: list[list[int]] = []
        organisations = (
            Participant.objects.filter(
                expo=expo, status=RegistrationStatus.APPROVED, organisation__isnull=False
            )
            .values_list("organisation_id", "organisation__country")
            .distinct()
            .order_by("organisation_id")
        )
        exhibiting = Exhibitor.objects.filter(expo=expo).values_list(
            "organisation_id", "organisation__country"
        )
        everyone = dict(organisations) | dict(exhibiting)
        self.domestic = sorted(pk for pk, country in everyone.items() if country == "CN")
        self.foreign = sorted((pk, country) for pk, country in everyone.items() if country != "CN")
        # Held meetings, with the foreign side's country (for the currency) and the day
        # they met, on or after which a deal from the meeting is signed.
        self.meetings = []
        self.met_on: dict[int, dt.date] = {}
        for pk, first, second, first_country, second_country, starts in (
            Meeting.objects.filter(round__expo=expo, status=MeetingStatus.HELD)
            .exclude(requester__organisation__isnull=True)
            .exclude(counterpart__organisation__isnull=True)
            .order_by("slot__starts_at", "table", "id")
            .values_list(
                "id",
                "requester__organisation_id",
                "counterpart__organisation_id",
                "requester__organisation__country",
                "counterpart__organisation__country",
                "slot__starts_at",
            )
        ):
            foreign = first_country if first_country != "CN" else second_country
            self.meetings.append((pk, first, second, foreign))
            self.met_on[pk] = starts.astimezone(expo.tz).date()

    def day(self, *, not_before: dt.date | None = None) -> dt.date:
        first = max(self.expo.starts, not_before or self.expo.starts)
        return first + dt.timedelta(days=self.rng.randrange(max(0, (self.expo.ends - first).days) + 1))

    def pair(self) -> tuple[list[int], str, int | None]:
        """Parties, the foreign party's country and, sometimes, the meeting they met at."""
        if self.meetings and self.rng.random() < 0.3:
            meeting_id, first, second, country = self.rng.choice(self.meetings)
            if first != second:
                return [first, second], country, meeting_id
        seller = self.rng.choice(self.domestic)
        if self.foreign and self.rng.random() < 0.8:
            buyer, country = self.rng.choice(self.foreign)
        else:
            buyer, country = self.rng.choice(self.domestic), "CN"
        if buyer == seller:
            buyer = self.domestic[(self.domestic.index(seller) + 1) % len(self.domestic)]
        if self.rng.random() < 0.08 and len(self.foreign) > 2:
            third, _third_country = self.rng.choice(self.foreign)
            return list(dict.fromkeys([seller, buyer, third])), country, None
        return [seller, buyer], country, None

    def currency_for(self, country: str) -> str:
        own = CURRENCY_OF.get(country)
        if own and own != "KPW" and self.rng.random() < 0.6:
            return own
        return "USD" if country and country != "CN" and self.rng.random() < 0.5 else "CNY"

    def add(self, *, kind, status, amount, currency, parties, meeting_id=None, ceremony=None, project=None):
        deal = Deal(
            expo=self.expo,
            kind=kind,
            status=status,
            amount=amount,
            currency=currency,
            signed_on=self.expo.starts if ceremony else self.day(not_before=self.met_on.get(meeting_id)),
            isic_section=project.isic_section if project else self.rng.choice("ACCCCGGHIJ"),
            meeting_id=meeting_id,
            ceremony=ceremony,
            project=project,
            confirmed_at=self.now,
        )
        apply_conversion(deal, self.book)
        self.deals.append(deal)
        self.parties.append(parties)
        return deal

    def trade(self) -> None:
        shares = [self.rng.lognormvariate(0, 1.1) for _ in range(TRADE_DEALS)]
        budget = TRADE_VOLUME * Decimal("0.97")
        scale = budget / Decimal(sum(shares))
        total = Decimal(0)
        for share in shares:
            parties, country, meeting_id = self.pair()
            currency = self.currency_for(country)
            target = Decimal(share) * scale
            rate = self.book.rate(currency, self.expo.starts)
            if rate is None:
                currency, rate = "CNY", self.book.rate("CNY", self.expo.starts)
            deal = self.add(
                kind=self.rng.choice([DealKind.CONTRACT, DealKind.CONTRACT, DealKind.PURCHASE_ORDER]),
                status=DealStatus.EXECUTED if self.rng.random() < 0.1 else DealStatus.SIGNED,
                amount=_units(target / rate.value, currency),
                currency=currency,
                parties=parties,
                meeting_id=meeting_id,
            )
            total += deal.amount_base
        # One closing contract in yuan brings the volume to the figure exactly.
        parties, _country, _meeting = self.pair()
        self.add(
            kind=DealKind.CONTRACT,
            status=DealStatus.SIGNED,
            amount=TRADE_VOLUME - total,
            currency="CNY",
            parties=parties,
        )

    def intentions(self) -> None:
        for index in range(INTENT_DEALS):
            parties, country, meeting_id = self.pair()
            currency = self.currency_for(country)
            rate = self.book.rate(currency, self.expo.starts)
            if rate is None:
                currency, rate = "CNY", self.book.rate("CNY", self.expo.starts)
            target = Decimal(self.rng.lognormvariate(15.5, 1.0))
            kind = DealKind.INTENT if index % 4 else DealKind.PURCHASE_ORDER
            self.add(
                kind=kind,
                status=DealStatus.INTENDED if kind == DealKind.PURCHASE_ORDER else DealStatus.SIGNED,
                amount=_units(target / rate.value, currency),
                currency=currency,
                parties=parties,
                meeting_id=meeting_id,
            )
        for _ in range(3):
            parties, _country, _meeting = self.pair()
            self.add(
                kind=DealKind.CONTRACT,
                status=DealStatus.CANCELLED,
                amount=_units(Decimal(self.rng.lognormvariate(14, 0.8)), "CNY"),
                currency="CNY",
                parties=parties,
            )
        # A trade in a currency no rate is known for: flagged, never converted at 0 or 1.
        parties, _country, _meeting = self.pair()
        self.add(
            kind=DealKind.PURCHASE_ORDER,
            status=DealStatus.INTENDED,
            amount=Decimal("15000000.00"),
            currency="KPW",
            parties=parties,
        )
        for _ in range(MEMORANDA):
            parties, _country, _meeting = self.pair()
            self.add(
                kind=DealKind.MEMORANDUM,
                status=DealStatus.SIGNED,
                amount=None,
                currency="CNY",
                parties=parties,
            )

    def agreements(self) -> None:
        projects = list(InvestmentProject.objects.filter(expo=self.expo).order_by("id"))
        self.rng.shuffle(projects)
        ceremony = _ceremony(self.expo)
        investors = [pk for pk, _country in self.foreign] + self.domestic
        for project in projects[:CONTRACTED_PROJECTS]:
            investor = self.rng.choice(investors)
            if investor == project.owner_id:
                investor = self.rng.choice(self.domestic)
            amount = _units(project.amount_sought * Decimal(self.rng.uniform(0.5, 1.0)), project.currency)
            self.add(
                kind=DealKind.INVESTMENT_AGREEMENT,
                status=DealStatus.SIGNED,
                amount=amount,
                currency=project.currency,
                parties=list(dict.fromkeys([project.owner_id, investor])),
                ceremony=ceremony,
                project=project,
            )

    def save(self) -> int:
        kept = [
            (deal, parties)
            for deal, parties in zip(self.deals, self.parties, strict=True)
            if len(parties) >= 2
        ]
        Deal.objects.bulk_create([deal for deal, _parties in kept], batch_size=500)
        DealParty.objects.bulk_create(
            [
                DealParty(deal=deal, organisation_id=pk, position=position)
                for deal, parties in kept
                for position, pk in enumerate(parties)
            ],
            batch_size=2000,
        )
        return len(kept)


def record_demo_deals(expo, *, seed: int = 12) -> int:
    """Record the demo's deals and signings; does nothing if the expo has deals already.
    Returns how many deals were recorded."""
    if Deal.objects.filter(expo=expo).exists():
        return 0
    with transaction.atomic():
        for currency, rate in DEMO_RATES.items():
            ExchangeRate.objects.get_or_create(
                expo=expo,
                currency=currency,
                valid_from=expo.starts - dt.timedelta(days=30),
                defaults={"rate": rate, "note": "Bank of Mongolia reference rate (demo)"},
            )
        demo = _Demo(expo, seed)
        if len(demo.domestic) < 2:
            return 0
        demo.agreements()
        demo.trade()
        demo.intentions()
        count = demo.save()
        log_action(expo, "deals.demo_recorded", data={"deals": count, "seed": seed})
    return count
