"""Everything scoring needs about an expo's participants, read in a handful of queries
and turned into arrays: codes as sparse feature rows, texts as n-gram rows, countries,
languages, roles, sectors and the organiser's and participants' rules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from tradefair.catalog.models import InvestmentProject
from tradefair.common.taxonomy import ISIC_SECTIONS
from tradefair.matchmaking.domain import textsim
from tradefair.matchmaking.models import Mark, MatchmakingSettings, MatchPreferences, MeetingRequest
from tradefair.people.models import Need, Offer, Participant, ParticipantRole, RegistrationStatus, Role

# How much a matching code is worth at each level: the squares add up along a code's
# prefixes, so a subheading match scores 1.0, a heading match 0.6, a chapter match 0.3.
LEVEL_WEIGHT = {6: 0.4, 4: 0.3, 2: 0.3}
ISIC_WEIGHT = 0.5
SECTIONS = sorted(ISIC_SECTIONS)


def code_features(hs_code: str, isic_section: str) -> list[tuple[str, float]]:
    features = []
    if hs_code:
        for digits in (2, 4, 6):
            if len(hs_code) >= digits:
                features.append((f"hs{digits}:{hs_code[:digits]}", LEVEL_WEIGHT[digits] ** 0.5))
    if isic_section:
        features.append((f"isic:{isic_section}", ISIC_WEIGHT**0.5))
    return features


@dataclass
class Interest:
    hs_code: str
    isic_section: str
    text: str


@dataclass
class Profiles:
    expo_id: int
    ids: np.ndarray  # int64 participant ids, the row order of every matrix
    country: np.ndarray  # int32 index into countries
    countries: list[str]
    organisation: np.ndarray  # int64, -1 - row when the participant has none
    exhibitor: np.ndarray  # bool
    sponsor: np.ndarray  # bool
    languages: list[list[str]]
    language_matrix: np.ndarray  # float32 [n, k]: 1 when the participant speaks the language
    interpreted: np.ndarray  # float32 [n]: 1 when they speak the host language or an interpreted one
    sectors: np.ndarray  # float32 [n, 21]
    excluded_sectors: np.ndarray  # float32 [n, 21]
    excluded_countries: np.ndarray  # bool [n, n_countries]
    offers: list[list[Interest]]
    needs: list[list[Interest]]
    offer_codes: np.ndarray  # float32 dense [n, F] over the features on both sides
    need_codes: np.ndarray
    feature_names: list[str]
    offer_text: sp.csr_matrix  # tf-idf rows
    need_text: sp.csr_matrix
    marks: dict[tuple[int, int], str]  # (row, row) -> kind
    requested: set[tuple[int, int]]  # (sender row, recipient row) of open or accepted requests
    settings: MatchmakingSettings
    index: dict[int, int] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return int(self.ids.size)


def matchmaking_settings(expo) -> MatchmakingSettings:
    found, _created = MatchmakingSettings.objects.get_or_create(expo=expo)
    return found


def eligible_participants(expo):
    return Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED)


def load_profiles(expo) -> Profiles:
    settings = matchmaking_settings(expo)
    rows = list(
        eligible_participants(expo)
        .order_by("id")
        .values_list("id", "country", "organisation_id", "languages", "organisation__isic_sections")
    )
    ids = np.fromiter((row[0] for row in rows), dtype=np.int64, count=len(rows))
    index = {pk: i for i, pk in enumerate(ids.tolist())}
    n = len(rows)
    countries = sorted({row[1] for row in rows})
    country_index = {code: i for i, code in enumerate(countries)}
    country = np.fromiter((country_index[row[1]] for row in rows), dtype=np.int32, count=n)
    organisation = np.array(
        [row[2] if row[2] is not None else -1 - i for i, row in enumerate(rows)], dtype=np.int64
    )
    languages = [list(row[3] or []) for row in rows]

    exhibitor = np.zeros(n, dtype=bool)
    for pk in ParticipantRole.objects.filter(participant__expo=expo, role=Role.EXHIBITOR).values_list(
        "participant_id", flat=True
    ):
        if pk in index:
            exhibitor[index[pk]] = True

    sponsor = np.zeros(n, dtype=bool)
    excluded_countries = np.zeros((n, len(countries)), dtype=bool)
    excluded_sectors = np.zeros((n, len(SECTIONS)), dtype=np.float32)
    section_index = {s: i for i, s in enumerate(SECTIONS)}
    for pk, excl_countries, excl_sectors, is_sponsor in MatchPreferences.objects.filter(
        participant__expo=expo
    ).values_list("participant_id", "excluded_countries", "excluded_sectors", "is_sponsor"):
        if pk not in index:
            continue
        i = index[pk]
        sponsor[i] = is_sponsor
        for code in excl_countries or []:
            if code in country_index:
                excluded_countries[i, country_index[code]] = True
        for section in excl_sectors or []:
            if section in section_index:
                excluded_sectors[i, section_index[section]] = 1

    offers: list[list[Interest]] = [[] for _ in range(n)]
    needs: list[list[Interest]] = [[] for _ in range(n)]
    for model, target in ((Offer, offers), (Need, needs)):
        for pk, hs_code, isic, text in (
            model.objects.filter(participant__expo=expo)
            .order_by("id")
            .values_list("participant_id", "hs_code", "isic_section", "text")
        ):
            if pk in index:
                target[index[pk]].append(Interest(hs_code, isic, text))
    # An investment project is an offer of its owner's sector to investors.
    by_organisation = defaultdict(list)
    for i, org in enumerate(organisation.tolist()):
        if org >= 0:
            by_organisation[org].append(i)
    for owner, section, name in InvestmentProject.objects.filter(expo=expo).values_list(
        "owner_id", "isic_section", "name"
    ):
        for i in by_organisation.get(owner, ()):
            offers[i].append(Interest("", section, _first_text(name)))

    sectors = np.zeros((n, len(SECTIONS)), dtype=np.float32)
    for i, row in enumerate(rows):
        for section in (row[4] or []) + [x.isic_section for x in offers[i] if x.isic_section]:
            if section in section_index:
                sectors[i, section_index[section]] = 1

    offer_codes, need_codes, feature_names = _code_matrices(offers, needs)
    need_text, offer_text = textsim.tfidf_pair(
        textsim.text_matrix([" ".join(x.text for x in row if x.text) for row in needs]),
        textsim.text_matrix([" ".join(x.text for x in row if x.text) for row in offers]),
    )

    known_languages = sorted({code for row in languages for code in row})
    language_index = {code: i for i, code in enumerate(known_languages)}
    language_matrix = np.zeros((n, max(1, len(known_languages))), dtype=np.float32)
    for i, row in enumerate(languages):
        for code in row:
            language_matrix[i, language_index[code]] = 1
    bridged = set(settings.interpreter_languages or [])
    if bridged:
        bridged |= {(expo.languages or ["zh-hans"])[0]}
    interpreted = np.array([1.0 if bridged.intersection(row) else 0.0 for row in languages], dtype=np.float32)

    marks = {}
    for who, whom, kind in Mark.objects.filter(participant__expo=expo).values_list(
        "participant_id", "target_id", "kind"
    ):
        if who in index and whom in index:
            marks[(index[who], index[whom])] = kind
    requested = set()
    for sender, recipient in MeetingRequest.objects.filter(
        expo=expo, status__in=["pending", "proposed", "accepted"]
    ).values_list("sender_id", "recipient_id"):
        if sender in index and recipient in index:
            requested.add((index[sender], index[recipient]))

    return Profiles(
        expo_id=expo.pk,
        ids=ids,
        country=country,
        countries=countries,
        organisation=organisation,
        exhibitor=exhibitor,
        sponsor=sponsor,
        languages=languages,
        language_matrix=language_matrix,
        interpreted=interpreted,
        sectors=sectors,
        excluded_sectors=excluded_sectors,
        excluded_countries=excluded_countries,
        offers=offers,
        needs=needs,
        offer_codes=offer_codes,
        need_codes=need_codes,
        feature_names=feature_names,
        offer_text=offer_text,
        need_text=need_text,
        marks=marks,
        requested=requested,
        settings=settings,
        index=index,
    )


def _first_text(value) -> str:
    data = getattr(value, "data", value)
    if isinstance(data, dict):
        return next((text for text in data.values() if text), "")
    return str(data or "")


def _code_matrices(offers, needs) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """Dense rows over the code features that occur on both sides (no other can match)."""
    offer_features = [
        {f: w for x in row for f, w in code_features(x.hs_code, x.isic_section)} for row in offers
    ]
    need_features = [
        {f: w for x in row for f, w in code_features(x.hs_code, x.isic_section)} for row in needs
    ]
    shared = sorted(set().union(*offer_features) & set().union(*need_features)) if offers else []
    column = {name: j for j, name in enumerate(shared)}
    n = len(offers)
    offer_codes = np.zeros((n, max(1, len(shared))), dtype=np.float32)
    need_codes = np.zeros((n, max(1, len(shared))), dtype=np.float32)
    for matrix, rows in ((offer_codes, offer_features), (need_codes, need_features)):
        for i, features in enumerate(rows):
            for name, weight in features.items():
                j = column.get(name)
                if j is not None:
                    matrix[i, j] = weight
    return offer_codes, need_codes, shared
