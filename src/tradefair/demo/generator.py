"""Build a demo edition modelled on the 12th China-Northeast Asia Expo (Changchun,
23-27 August 2019): host-country majority, the Northeast Asian neighbours, a long tail
of countries and regions, themed and country pavilions, a summit and a forum, and
offers and needs that follow the region's complementarity.

Deterministic for a seed: every random draw comes from one ``random.Random`` in a
fixed order, and nothing iterates over a set. Rows are written with ``bulk_create``
in one transaction, so a failed run leaves nothing behind.
"""

import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _
from django_countries import countries as all_countries

from tradefair.catalog.domain.search_index import rebuild_search_index
from tradefair.catalog.models import BoothAssignment, Exhibitor, InvestmentProject, Product, ProjectStage
from tradefair.common.errors import DomainError
from tradefair.demo import economies as eco
from tradefair.demo.commerce import record_demo_sales
from tradefair.demo.deals import record_demo_deals
from tradefair.demo.identities import company_name, home_language, languages_spoken, person_name
from tradefair.demo.matchmaking import record_demo_meeting_outcomes, schedule_demo_meetings
from tradefair.demo.names import BRANCH_CITIES
from tradefair.demo.news import add_demo_announcements
from tradefair.demo.onsite import record_demo_check_ins
from tradefair.demo.program import add_demo_speakers
from tradefair.demo.reports import publish_demo_results
from tradefair.expos.models import Booth, BoothStatus, Expo, ExpoStatus, Hall, Pavilion
from tradefair.people.models import (
    Need,
    Offer,
    Organisation,
    OrganisationKind,
    Participant,
    ParticipantRole,
    RegistrationStatus,
    Role,
    SizeBand,
)
from tradefair.program.models import Event, EventKind, Session

BATCH = 2000
HALL_WIDTH_M, HALL_DEPTH_M = 120, 90
EXPO_TZ = dt.timezone(dt.timedelta(hours=8))

Progress = Callable[[int], None]


@dataclass(frozen=True)
class DemoSize:
    merchants: int = 30000
    exhibitors: int = 1337
    countries: int = 109
    seed: int = 12
    slug: str = "cnea-2019"
    # The 12th edition (August 2019) by default; the current edition is the 13th, a few
    # weeks ahead, with registration open and no activity yet (generate_current_edition).
    edition: int = 12
    starts: dt.date = dt.date(2019, 8, 23)
    past_activity: bool = True

    def check(self) -> None:
        if self.merchants < 0 or self.exhibitors < 1:
            raise DomainError("demo_size", _("A demo needs at least one exhibitor and no negative counts."))
        available = len(country_order())
        if not 1 <= self.countries <= available:
            raise DomainError(
                "demo_countries", _("Countries and regions must be between 1 and %(n)s.") % {"n": available}
            )
        if self.merchants + self.exhibitors < self.countries:
            raise DomainError(
                "demo_countries", _("Every country or region needs a participant: ask for fewer countries.")
            )
        if Expo.objects.filter(slug=self.slug).exists():
            raise DomainError(
                "demo_exists", _("An expo named “%(slug)s” exists already.") % {"slug": self.slug}
            )

    @property
    def total_rows(self) -> int:
        """Units of progress: one per participant, which dominates the work."""
        return self.merchants + self.exhibitors


def country_order() -> list[str]:
    listed = list(eco.COUNTRY_ORDER)
    known = set(listed)
    return listed + [code for code, _name in all_countries if code not in known and code != "AQ"]


@dataclass
class _Build:
    size: DemoSize
    rng: random.Random
    expo: Expo | None = None
    countries: list[str] = field(default_factory=list)
    economies: dict[str, str] = field(default_factory=dict)
    pavilions_by_key: dict[str, Pavilion] = field(default_factory=dict)
    pavilion_trades: dict[str, list[str]] = field(default_factory=dict)


def generate_demo(size: DemoSize, *, progress: Progress | None = None) -> Expo:
    size.check()
    advance = progress or (lambda n: None)
    build = _Build(size=size, rng=random.Random(size.seed))
    with transaction.atomic():
        _make_expo(build)
        _choose_countries(build)
        _make_pavilions(build)
        exhibitors = _make_exhibitors(build, advance)
        _make_floor(build, exhibitors)
        _make_merchants(build, advance)
        record_demo_sales(build.expo, seed=build.size.seed)
        _make_projects(build, exhibitors)
        _make_programme(build)
        add_demo_speakers(build.expo)
        add_demo_announcements(build.expo)
        # Meetings first, then the gate scans (people come on their meeting days), then
        # the meetings' outcomes from the scans, and the deals, some from held meetings.
        if size.past_activity:
            schedule_demo_meetings(build.expo, seed=build.size.seed)
            record_demo_check_ins(build.expo, seed=build.size.seed)
            record_demo_meeting_outcomes(build.expo, seed=build.size.seed)
            record_demo_deals(build.expo, seed=build.size.seed)
            publish_demo_results(build.expo)
    rebuild_search_index(build.expo)
    return build.expo


CURRENT_EDITION = 13
# Far enough ahead that registration, programme sign-up and meeting requests are open,
# near enough that the dates look like a real next edition.
CURRENT_EDITION_LEAD = dt.timedelta(days=42)


def current_edition_size(
    *,
    today: dt.date | None = None,
    seed: int = 13,
    merchants: int = 600,
    exhibitors: int = 80,
    countries: int = 30,
) -> DemoSize:
    """A smaller 13th edition of the same series that has not started yet: every journey
    (registering, signing up for sessions, asking for meetings) can be tried at once."""
    starts = (today or dt.date.today()) + CURRENT_EDITION_LEAD
    return DemoSize(
        merchants=merchants,
        exhibitors=exhibitors,
        countries=min(countries, merchants + exhibitors),
        seed=seed,
        slug=f"cnea-{starts.year}",
        edition=CURRENT_EDITION,
        starts=starts,
        past_activity=False,
    )


def current_edition(series: str = "cnea") -> Expo | None:
    return Expo.objects.filter(series=series, edition=CURRENT_EDITION).first()


def generate_current_edition(*, progress: Progress | None = None, **size) -> Expo:
    return generate_demo(current_edition_size(**size), progress=progress)


def _i18n(**by_language: str) -> dict[str, str]:
    return {code.replace("_", "-"): text for code, text in by_language.items()}


def _make_expo(build: _Build) -> None:
    """The 12th edition of the "cnea" series. A second demo in the same database (another
    slug) cannot be a second 12th edition of it, so it becomes a one-off expo."""
    edition = build.size.edition
    series = "" if Expo.objects.filter(series="cnea", edition=edition).exists() else "cnea"
    build.expo = Expo.objects.create(
        slug=build.size.slug,
        series=series,
        edition=edition,
        name=_THIRTEENTH_NAME
        if edition == CURRENT_EDITION
        else {
            "zh-hans": "第十二届中国—东北亚博览会",
            "en": "The 12th China-Northeast Asia Expo",
            "ja": "第12回中国・北東アジア博覧会",
            "ko": "제12회 중국-동북아 박람회",
            "ru": "12-е Китайско-Северо-Восточноазиатское ЭКСПО",
            "mn": "Хятад-Зүүн хойд Азийн 12 дахь Экспо",
        },
        description={
            "zh-hans": "共享东北亚新机遇，开创东北全面振兴新局面。展会汇聚来自109个国家和地区的客商，"
            "设5G新时代馆等主题展馆，同期举办中日韩工商界峰会和东北亚产业合作论坛。",
            "en": "Sharing new opportunities in Northeast Asia. Merchants from 109 countries and regions meet "
            "in themed pavilions such as the Pavilion of the 5G New Era, beside a China-Japan-ROK "
            "entrepreneurs summit and a forum on industrial cooperation in Northeast Asia.",
            "ru": "Новые возможности Северо-Восточной Азии: торговцы из 109 стран и регионов, тематические "
            "павильоны, саммит предпринимателей Китая, Японии и Республики Корея и форум по промышленному "
            "сотрудничеству.",
        },
        host_city=_i18n(zh_hans="长春", en="Changchun", ja="長春", ko="창춘", ru="Чанчунь", mn="Чанчунь"),
        venue=_i18n(
            zh_hans="长春国际会展中心",
            en="Changchun International Convention and Exhibition Center",
            ja="長春国際会展センター",
            ko="창춘 국제컨벤션센터",
            ru="Чанчуньский международный выставочный центр",
        ),
        starts=build.size.starts,
        ends=build.size.starts + dt.timedelta(days=4),
        time_zone="Asia/Shanghai",
        base_currency="CNY",
        languages=["zh-hans", "en", "ja", "ko", "ru", "mn"],
        status=ExpoStatus.RUNNING if build.size.past_activity else ExpoStatus.REGISTRATION_OPEN,
    )


_THIRTEENTH_NAME = {
    "zh-hans": "第十三届中国—东北亚博览会",
    "en": "The 13th China-Northeast Asia Expo",
    "ja": "第13回中国・北東アジア博覧会",
    "ko": "제13회 중국-동북아 박람회",
    "ru": "13-е Китайско-Северо-Восточноазиатское ЭКСПО",
    "mn": "Хятад-Зүүн хойд Азийн 13 дахь Экспо",
}


def _choose_countries(build: _Build) -> None:
    build.countries = country_order()[: build.size.countries]
    kinds = list(eco.PROFILES)
    for code in build.countries:
        build.economies[code] = eco.ECONOMY.get(code) or build.rng.choice(kinds)


def _country_weights(build: _Build, shares: dict[str, float]) -> list[float]:
    """Named shares for the neighbours, a Zipf tail for the rest, renormalised to the
    countries actually in this demo."""
    named = [code for code in build.countries if code in shares]
    tail = [code for code in build.countries if code not in shares]
    tail_share = max(0.0, 1.0 - sum(shares[code] for code in named))
    harmonic = sum(1 / (rank + 1) for rank in range(len(tail))) or 1
    weights = []
    for code in build.countries:
        if code in shares:
            weights.append(shares[code])
        else:
            weights.append(tail_share * (1 / (tail.index(code) + 1)) / harmonic)
    return weights


def _draw_countries(build: _Build, count: int, shares: dict[str, float], *, cover: list[str]) -> list[str]:
    """Countries for ``count`` people; the countries in ``cover`` get one person each
    first, so that the demo has exactly the requested number of countries and regions."""
    chosen = list(cover[:count])
    rest = count - len(chosen)
    if rest > 0:
        chosen += build.rng.choices(build.countries, weights=_country_weights(build, shares), k=rest)
    build.rng.shuffle(chosen)
    return chosen


def _make_pavilions(build: _Build) -> None:
    position = 0
    for key, name, theme, trades, colour in eco.THEMED_PAVILIONS:
        build.pavilions_by_key[key] = Pavilion(
            expo=build.expo, name=name, theme=theme, colour=colour, position=position
        )
        build.pavilion_trades[key] = trades
        position += 1
    palette = ["#e67e22", "#16a085", "#c0392b", "#2980b9", "#7f8c8d"]
    for index, (code, name) in enumerate(eco.COUNTRY_PAVILIONS.items()):
        if code in build.countries:
            build.pavilions_by_key[code] = Pavilion(
                expo=build.expo,
                name=name,
                country=code,
                colour=palette[index % len(palette)],
                position=position,
            )
            position += 1
    name, colour = eco.INTERNATIONAL_PAVILION
    build.pavilions_by_key["international"] = Pavilion(
        expo=build.expo, name=name, colour=colour, position=position
    )
    Pavilion.objects.bulk_create(build.pavilions_by_key.values())


def _pavilion_for(build: _Build, country: str, trade: str) -> Pavilion:
    if country in build.pavilions_by_key:
        return build.pavilions_by_key[country]
    if country not in ("CN", "HK", "MO", "TW") and build.rng.random() < 0.8:
        return build.pavilions_by_key["international"]
    for key, trades in build.pavilion_trades.items():
        if trade in trades:
            return build.pavilions_by_key[key]
    return build.pavilions_by_key["trade"]


def _trade_for(build: _Build, country: str, side: str) -> str:
    """A line of business that fits the economy (offers for sellers, needs for buyers),
    with one draw in five off-profile: real expos are noisy."""
    profile = eco.PROFILES[build.economies[country]]
    if build.rng.random() < 0.2:
        return build.rng.choice(list(eco.TRADE_ISIC))
    return build.rng.choice(profile[side])


def _goods_text(code: str, language: str) -> str:
    entry = eco.GOODS[code]
    return entry[eco.LANGS.index(language)] if language in eco.LANGS else entry[1]


def _new_organisation(
    build: _Build, country: str, trade: str, used: set[str], kind=OrganisationKind.ENTERPRISE
):
    """A company of the country's script whose legal name is not taken yet: a few more
    draws first, then a branch city, as real registers tell namesakes apart."""
    for _attempt in range(12):
        legal, name = company_name(build.rng, country, trade)
        if legal not in used:
            break
    branches = BRANCH_CITIES.get(country, [])
    number = 2
    while legal in used:
        base = legal.split(" (")[0]
        legal = f"{base} ({build.rng.choice(branches)})" if branches and number < 6 else f"{base} ({number})"
        number += 1
    used.add(legal)
    slug = "".join(ch for ch in name.get("en", legal).lower() if ch.isalnum())[:40] or "company"
    return Organisation(
        legal_name=legal,
        name=name,
        kind=kind,
        country=country,
        isic_sections=[eco.TRADE_ISIC[trade]],
        hs_codes=sorted(build.rng.sample(eco.TRADE_HS[trade], k=min(2, len(eco.TRADE_HS[trade])))),
        size_band=build.rng.choice(SizeBand.values),
        website=f"https://www.{slug}.example",
    )


def _stay(build: _Build) -> tuple[dt.date, dt.date]:
    expo = build.expo
    days = (expo.ends - expo.starts).days
    arrival = expo.starts + dt.timedelta(days=build.rng.randint(-1, max(0, days - 1)))
    departure = min(expo.ends + dt.timedelta(days=1), arrival + dt.timedelta(days=build.rng.randint(1, 4)))
    return arrival, departure


class _People:
    """Rows of participants waiting to be written together with their users, roles,
    offers and needs, which need the participants' keys."""

    def __init__(self, build: _Build):
        self.build = build
        self.users, self.participants, self.roles, self.offers, self.needs = [], [], [], [], []
        self.counter = Participant.objects.filter(expo=build.expo).count()

    def add(self, *, country: str, organisation: Organisation, roles: list[str], offers, needs) -> int:
        name, latin = person_name(self.build.rng, country)
        self.counter += 1
        handle = f"{self.build.size.slug}-{self.counter:06d}"
        email = f"{handle}@demo.tradefair.invalid"
        arrival, departure = _stay(self.build)
        self.users.append(
            get_user_model()(username=handle, email=email, password="!", first_name=latin[:150])
        )
        self.participants.append(
            Participant(
                expo=self.build.expo,
                organisation=organisation,
                name=name,
                name_latin=latin,
                email=email,
                country=country,
                languages=languages_spoken(self.build.rng, country),
                status=RegistrationStatus.APPROVED,
                arrival=arrival,
                departure=departure,
                external_id=handle,
            )
        )
        index = len(self.participants) - 1
        self.roles += [(index, role) for role in roles]
        self.offers += [(index, code, text) for code, text in offers]
        self.needs += [(index, code, text) for code, text in needs]
        return index

    def flush(self) -> list[Participant]:
        user_model = get_user_model()
        user_model.objects.bulk_create(self.users, batch_size=BATCH)
        for participant, user in zip(self.participants, self.users, strict=True):
            participant.user = user
        Participant.objects.bulk_create(self.participants, batch_size=BATCH)
        written = self.participants
        ParticipantRole.objects.bulk_create(
            [ParticipantRole(participant=written[i], role=role) for i, role in self.roles], batch_size=BATCH
        )
        Offer.objects.bulk_create(
            [Offer(participant=written[i], hs_code=code, text=text) for i, code, text in self.offers],
            batch_size=BATCH,
        )
        Need.objects.bulk_create(
            [Need(participant=written[i], hs_code=code, text=text) for i, code, text in self.needs],
            batch_size=BATCH,
        )
        self.users, self.participants, self.roles, self.offers, self.needs = [], [], [], [], []
        return written


def _interests(build: _Build, country: str, side: str, count: int) -> list[tuple[str, str]]:
    language = home_language(country)
    chosen = []
    for _index in range(count):
        code = build.rng.choice(eco.TRADE_HS[_trade_for(build, country, side)])
        if code not in (c for c, _t in chosen):
            chosen.append((code, _goods_text(code, language)))
    return chosen


def _make_exhibitors(build: _Build, advance: Progress) -> list[Exhibitor]:
    rng = build.rng
    size = build.size
    countries = _draw_countries(
        build, size.exhibitors, eco.EXHIBITOR_SHARES, cover=build.countries[size.merchants :]
    )
    used: set[str] = set()
    organisations, exhibitors, products_by_exhibitor = [], [], []
    people = _People(build)
    for country in countries:
        trade = _trade_for(build, country, "offers")
        organisation = _new_organisation(build, country, trade, used)
        organisations.append(organisation)
        offers = [
            (code, _goods_text(code, home_language(country)))
            for code in _goods_of(build, trade, rng.randint(2, 5))
        ]
        roles = [Role.EXHIBITOR] + ([Role.PROJECT_OWNER] if rng.random() < 0.12 else [])
        people.add(
            country=country,
            organisation=organisation,
            roles=roles,
            offers=offers,
            needs=_interests(build, country, "needs", 1),
        )
        exhibitors.append(
            Exhibitor(
                expo=build.expo,
                organisation=organisation,
                pavilion=_pavilion_for(build, country, trade),
                profile=_profile_text(organisation, trade),
                requested_area_m2=Decimal(rng.choices([9, 18, 36], weights=[70, 22, 8])[0]),
            )
        )
        products_by_exhibitor.append([code for code, _text in offers])
    Organisation.objects.bulk_create(organisations, batch_size=BATCH)
    for exhibitor, organisation in zip(exhibitors, organisations, strict=True):
        exhibitor.organisation = organisation
    Exhibitor.objects.bulk_create(exhibitors, batch_size=BATCH)
    people.flush()
    products = []
    for exhibitor, codes in zip(exhibitors, products_by_exhibitor, strict=True):
        for code in codes:
            entry = eco.GOODS[code]
            model = f"{rng.choice('ABCDEFGHJKLMNPRSTXZ')}{rng.choice('ABCDEFGHJKLMNPRSTXZ')}-{rng.randint(100, 990)}"
            products.append(
                Product(
                    exhibitor=exhibitor,
                    hs_code=code,
                    name={lang: f"{entry[i]} {model}" for i, lang in enumerate(eco.LANGS)},
                    description={"en": f"{entry[1]}, series {model}."},
                )
            )
    Product.objects.bulk_create(products, batch_size=BATCH)
    advance(len(exhibitors))
    return exhibitors


def _goods_of(build: _Build, trade: str, count: int) -> list[str]:
    pool = eco.TRADE_HS[trade]
    picked = build.rng.sample(pool, k=min(count, len(pool)))
    if build.rng.random() < 0.25:
        extra = build.rng.choice(list(eco.GOODS))
        if extra not in picked:
            picked.append(extra)
    return picked


def _profile_text(organisation: Organisation, trade: str) -> dict[str, str]:
    name = organisation.name
    return {
        "en": f"{name.get('en', organisation.legal_name)} works in {eco.TRADE_ISIC[trade]}-section industry and "
        "looks for partners across Northeast Asia.",
        "zh-hans": f"{name.get('zh-hans', organisation.legal_name)}寻求东北亚地区的合作伙伴。",
    }


def _make_floor(build: _Build, exhibitors: list[Exhibitor]) -> None:
    """Lay booths out in rows, pavilion after pavilion, so that a pavilion's exhibitors
    stand together; a few spare booths per pavilion are left available."""
    by_pavilion: dict[int, list[Exhibitor]] = {}
    for exhibitor in exhibitors:
        by_pavilion.setdefault(exhibitor.pavilion.pk, []).append(exhibitor)
    halls: list[Hall] = []
    booths: list[Booth] = []
    owners: list[Exhibitor | None] = []
    x = y = 0.0
    row_depth = 6.0

    def new_hall() -> Hall:
        number = len(halls) + 1
        hall = Hall(
            expo=build.expo,
            code=f"H{number}",
            width_m=HALL_WIDTH_M,
            depth_m=HALL_DEPTH_M,
            name={
                "zh-hans": f"{number}号馆",
                "en": f"Hall {number}",
                "ja": f"{number}号館",
                "ko": f"{number}관",
                "ru": f"Павильон {number}",
                "mn": f"{number}-р танхим",
            },
        )
        halls.append(hall)
        return hall

    hall = new_hall()
    for pavilion in build.pavilions_by_key.values():
        members = by_pavilion.get(pavilion.pk, [])
        spare = math.ceil(len(members) * 0.05)
        for exhibitor in members + [None] * spare:
            area = float(exhibitor.requested_area_m2) if exhibitor else 9.0
            width, depth = {9.0: (3, 3), 18.0: (6, 3), 36.0: (6, 6)}[area]
            if x + width > HALL_WIDTH_M - 2:
                x, y = 0.0, y + row_depth + 3
            if y + row_depth > HALL_DEPTH_M - 2:
                hall, x, y = new_hall(), 0.0, 0.0
            booths.append(
                Booth(
                    hall=hall,
                    pavilion=pavilion,
                    code=f"{hall.code}-{len(booths) + 1:04d}",
                    area_m2=Decimal(area),
                    x_m=Decimal(x + 1),
                    y_m=Decimal(y + 1),
                    width_m=Decimal(width),
                    depth_m=Decimal(depth),
                    status=BoothStatus.ASSIGNED if exhibitor else BoothStatus.AVAILABLE,
                )
            )
            owners.append(exhibitor)
            x += width
        x, y = 0.0, y + row_depth + 3
    Hall.objects.bulk_create(halls)
    Booth.objects.bulk_create(booths, batch_size=BATCH)
    BoothAssignment.objects.bulk_create(
        [
            BoothAssignment(exhibitor=owner, booth=booth, sole=True)
            for booth, owner in zip(booths, owners, strict=True)
            if owner
        ],
        batch_size=BATCH,
    )


def _make_merchants(build: _Build, advance: Progress) -> None:
    rng = build.rng
    countries = _draw_countries(build, build.size.merchants, eco.MERCHANT_SHARES, cover=build.countries)
    by_country: dict[str, list[Organisation]] = {}
    used: set[str] = set(
        Organisation.objects.filter(exhibitions__expo=build.expo).values_list("legal_name", flat=True)
    )
    people = _People(build)
    pending_organisations: list[Organisation] = []
    chunk = 5000
    for start in range(0, len(countries), chunk):
        for country in countries[start : start + chunk]:
            existing = by_country.setdefault(country, [])
            if existing and rng.random() < 0.3:
                organisation = rng.choice(existing)
            else:
                kind = OrganisationKind.GOVERNMENT if rng.random() < 0.02 else OrganisationKind.ENTERPRISE
                organisation = _new_organisation(
                    build, country, _trade_for(build, country, "needs"), used, kind
                )
                existing.append(organisation)
                pending_organisations.append(organisation)
            roles = [Role.MERCHANT]
            draw = rng.random()
            if draw < 0.62:
                roles.append(Role.BUYER)
            elif draw < 0.78:
                roles.append(Role.INVESTOR)
            elif draw < 0.9:
                roles.append(Role.DELEGATION_MEMBER)
            people.add(
                country=country,
                organisation=organisation,
                roles=roles,
                offers=_interests(build, country, "offers", rng.randint(0, 2)),
                needs=_interests(build, country, "needs", rng.randint(1, 3)),
            )
        Organisation.objects.bulk_create(pending_organisations, batch_size=BATCH)
        pending_organisations = []
        advance(len(people.participants))
        people.flush()


def _make_projects(build: _Build, exhibitors: list[Exhibitor]) -> None:
    rng = build.rng
    owners = [e for e in exhibitors if rng.random() < 0.11] or exhibitors[:1]
    places = [
        ("长春", "Changchun"),
        ("吉林", "Jilin"),
        ("延边", "Yanbian"),
        ("珲春", "Hunchun"),
        ("四平", "Siping"),
    ]
    projects = []
    for exhibitor in owners:
        organisation = exhibitor.organisation
        trade = rng.choice(list(eco.TRADE_ISIC))
        code = rng.choice(eco.TRADE_HS[trade])
        goods = eco.GOODS[code]
        place, place_latin = rng.choice(places)
        millions = round(math.exp(rng.uniform(math.log(5), math.log(2000))))
        currency = rng.choices(["CNY", "USD", "JPY", "RUB"], weights=[80, 12, 5, 3])[0]
        projects.append(
            InvestmentProject(
                expo=build.expo,
                owner=organisation,
                exhibitor=exhibitor,
                name={
                    "zh-hans": f"{place}{goods[0]}生产基地项目",
                    "en": f"{goods[1]} production base, {place_latin}",
                    "ja": f"{place}{goods[2]}生産拠点プロジェクト",
                    "ko": f"{place_latin} {goods[3]} 생산기지 프로젝트",
                    "ru": f"Производственная база: {goods[4].lower()}, {place_latin}",
                },
                description={
                    "en": f"Seeks partners and capital for a {goods[1].lower()} plant in {place_latin}."
                },
                isic_section=eco.TRADE_ISIC[trade],
                country="CN",
                location={"zh-hans": f"吉林省{place}", "en": f"{place_latin}, Jilin"},
                amount_sought=Decimal(millions) * Decimal(1_000_000),
                currency=currency,
                stage=rng.choice(ProjectStage.values),
            )
        )
    InvestmentProject.objects.bulk_create(projects, batch_size=BATCH)


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=EXPO_TZ)


def _make_programme(build: _Build) -> None:
    day1, day2 = build.expo.starts, build.expo.starts + dt.timedelta(days=1)
    summit = Event.objects.create(
        expo=build.expo,
        kind=EventKind.SUMMIT,
        name={
            "zh-hans": "中日韩工商界领袖峰会",
            "en": "China-Japan-ROK Entrepreneurs Summit",
            "ja": "日中韓ビジネスリーダーズサミット",
            "ko": "한중일 기업인 정상회의",
            "ru": "Саммит предпринимателей Китая, Японии и Республики Корея",
            "mn": "Хятад, Япон, БНСУ-ын бизнес эрхлэгчдийн дээд хэмжээний уулзалт",
        },
        description={
            "en": "Business leaders of the three economies on trade, supply chains and investment.",
            "zh-hans": "三国工商界领袖共话贸易、供应链与投资合作。",
        },
        starts_at=_at(day1, 9),
        ends_at=_at(day1, 17),
    )
    forum = Event.objects.create(
        expo=build.expo,
        kind=EventKind.FORUM,
        name={
            "zh-hans": "东北亚产业与企业合作论坛",
            "en": "Northeast Asia Forum on Cooperation between Industries and Businesses",
            "ja": "北東アジア産業・企業協力フォーラム",
            "ko": "동북아 산업·기업 협력 포럼",
            "ru": "Форум промышленного и делового сотрудничества Северо-Восточной Азии",
            "mn": "Зүүн хойд Азийн үйлдвэрлэл, бизнесийн хамтын ажиллагааны форум",
        },
        description={
            "en": "Industrial complementarity in Northeast Asia: resources, equipment and technology."
        },
        starts_at=_at(day2, 9),
        ends_at=_at(day2, 17),
    )
    hall = {"zh-hans": "会议中心一号厅", "en": "Conference Centre, Room 1"}
    Session.objects.bulk_create(
        [
            Session(
                event=summit,
                title={"zh-hans": "开幕式与主旨演讲", "en": "Opening and keynotes"},
                room=hall,
                starts_at=_at(day1, 9),
                ends_at=_at(day1, 10, 30),
                capacity=800,
                language="zh-hans",
            ),
            Session(
                event=summit,
                title={"zh-hans": "区域供应链合作", "en": "Regional supply-chain cooperation"},
                room=hall,
                starts_at=_at(day1, 11),
                ends_at=_at(day1, 12, 30),
                capacity=400,
                language="en",
            ),
            Session(
                event=summit,
                title={"zh-hans": "数字经济与5G", "en": "The digital economy and 5G"},
                room=hall,
                starts_at=_at(day1, 14),
                ends_at=_at(day1, 16),
                capacity=400,
                language="ja",
            ),
            Session(
                event=forum,
                title={"zh-hans": "能源与资源合作", "en": "Energy and resources cooperation"},
                room=hall,
                starts_at=_at(day2, 9),
                ends_at=_at(day2, 11),
                capacity=500,
                language="ru",
            ),
            Session(
                event=forum,
                title={
                    "zh-hans": "装备制造与产能合作",
                    "en": "Equipment manufacturing and capacity cooperation",
                },
                room=hall,
                starts_at=_at(day2, 14),
                ends_at=_at(day2, 16),
                capacity=500,
                language="zh-hans",
            ),
        ]
    )
    speakers = list(
        Participant.objects.filter(expo=build.expo, roles__role=Role.EXHIBITOR)
        .order_by("id")
        .values_list("id", flat=True)[:12]
    )
    ParticipantRole.objects.bulk_create(
        [ParticipantRole(participant_id=pk, role=Role.SPEAKER) for pk in speakers]
    )
