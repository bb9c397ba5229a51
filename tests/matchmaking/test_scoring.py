import numpy as np
import pytest
from django.utils import translation

from tests.matchmaking.factories import expo as make_expo
from tests.matchmaking.factories import person
from tradefair.matchmaking.domain import profile as profile_actions
from tradefair.matchmaking.domain.reasons import render_reasons
from tradefair.matchmaking.domain.recommendations import compute_recommendations
from tradefair.matchmaking.models import MatchmakingSettings, MatchPreferences, Recommendation
from tradefair.people.models import Role

pytestmark = pytest.mark.django_db


def recommended(participant) -> list[int]:
    return list(
        Recommendation.objects.filter(participant=participant)
        .order_by("rank")
        .values_list("counterpart_id", flat=True)
    )


def test_a_code_match_outranks_text_alone():
    expo = make_expo()
    buyer = person(expo, country="DE", needs=[("851762", "5G base station equipment")])
    by_code = person(expo, country="JP", offers=[("851762", "通信機器")])
    by_text = person(expo, country="KR", offers=[("", "5G base station equipment")])

    compute_recommendations(expo)

    assert recommended(buyer)[:2] == [by_code.pk, by_text.pk]


def test_a_need_written_in_russian_finds_an_offer_written_in_chinese_through_codes():
    expo = make_expo()
    russian = person(expo, country="RU", languages=["ru"], needs=[("842952", "Гусеничный экскаватор")])
    chinese = person(expo, country="CN", languages=["zh-hans"], offers=[("842952", "履带式挖掘机")])
    person(expo, country="CN", languages=["zh-hans"], offers=[("100630", "大米")])

    compute_recommendations(expo)

    assert recommended(russian) == [chinese.pk]
    reasons = Recommendation.objects.get(participant=russian).reasons
    # The exact code match is labelled in the reader's own words, not the offer's Chinese.
    assert reasons[0] == {
        "kind": "they_offer",
        "code": "842952",
        "level": 6,
        "label": "Гусеничный экскаватор",
    }
    with translation.override("en"):
        assert render_reasons(reasons)[0] == "They offer 842952 Гусеничный экскаватор, which you need"
    chinese_side = Recommendation.objects.get(participant=chinese).reasons[0]
    assert chinese_side == {"kind": "you_offer", "code": "842952", "level": 6, "label": "履带式挖掘机"}


def test_finer_codes_rank_higher_and_reasons_name_the_level_matched():
    expo = make_expo()
    buyer = person(expo, country="DE", needs=[("851762", "")])
    subheading = person(expo, country="JP", offers=[("851762", "5G equipment")])
    heading = person(expo, country="JP", offers=[("851713", "Smartphones")])
    chapter = person(expo, country="JP", offers=[("854231", "Processors")])

    compute_recommendations(expo)

    assert recommended(buyer) == [subheading.pk, heading.pk, chapter.pk]
    codes = [r.reasons[0]["code"] for r in Recommendation.objects.filter(participant=buyer).order_by("rank")]
    assert codes == ["851762", "8517", "85"]


def test_reasons_cover_both_directions_language_border_and_are_translated():
    expo = make_expo()
    MatchmakingSettings.objects.create(expo=expo, cross_border_bonus=0.2)
    a = person(
        expo, country="RU", languages=["ru", "en"], needs=[("842952", "")], offers=[("260111", "Iron ore")]
    )
    b = person(expo, country="CN", languages=["en"], offers=[("842952", "Excavator")], needs=[("260111", "")])

    compute_recommendations(expo)

    kinds = [r["kind"] for r in Recommendation.objects.get(participant=a).reasons]
    assert kinds[:2] == ["they_offer", "you_offer"]
    assert {"language", "cross_border"} <= set(kinds)
    with translation.override("en"):
        texts = render_reasons(Recommendation.objects.get(participant=a).reasons)
    assert "You offer 260111 Iron ore, which they need" in texts
    assert "You both speak English" in texts
    assert "A cross-border meeting with China" in texts
    assert recommended(b) == [a.pk]


def test_organiser_rules_remove_pairs():
    expo = make_expo()
    exhibitor = person(
        expo, roles=[Role.EXHIBITOR], country="JP", offers=[("851762", "")], needs=[("260111", "")]
    )
    other_exhibitor = person(expo, roles=[Role.EXHIBITOR], country="RU", offers=[("260111", "")])
    buyer = person(expo, country="DE", needs=[("851762", "")])
    picky = person(expo, country="FR", needs=[("851762", "")])
    MatchPreferences.objects.create(participant=picky, excluded_countries=["JP"])

    compute_recommendations(expo)

    assert recommended(exhibitor) == [buyer.pk]  # never the other exhibitor, never the picky buyer
    assert other_exhibitor.pk not in recommended(exhibitor)
    assert recommended(picky) == []


def test_not_interested_removes_the_pair_and_a_bookmark_raises_it():
    expo = make_expo()
    buyer = person(expo, country="DE", needs=[("851762", "")])
    first = person(expo, country="JP", offers=[("851762", "")])
    second = person(expo, country="KR", offers=[("851713", "")])
    compute_recommendations(expo)
    assert recommended(buyer) == [first.pk, second.pk]

    profile_actions.set_mark(buyer, target=second, kind="bookmark")
    assert recommended(buyer) == [second.pk, first.pk]
    assert "bookmarked" in [
        r["kind"] for r in Recommendation.objects.get(participant=buyer, counterpart=second).reasons
    ]

    profile_actions.set_mark(buyer, target=first, kind="not_interested")
    assert recommended(buyer) == [second.pk]
    assert buyer.pk not in recommended(first)


def test_sponsors_are_weighted_up():
    expo = make_expo()
    buyer = person(expo, country="DE", needs=[("851762", "")])
    plain = person(expo, country="JP", offers=[("851762", "")])
    sponsor = person(expo, country="JP", offers=[("851762", "")])
    MatchPreferences.objects.create(participant=sponsor, is_sponsor=True)

    compute_recommendations(expo)

    assert recommended(buyer) == [sponsor.pk, plain.pk]


def test_a_profile_change_refreshes_the_participant_and_their_counterparts():
    expo = make_expo()
    buyer = person(expo, country="DE", needs=[("851762", "")])
    seller = person(expo, country="JP", offers=[("100630", "Rice")])
    compute_recommendations(expo)
    assert recommended(buyer) == []

    profile_actions.add_interest(seller, kind="offer", hs_code="851762", text="5G radios")

    assert recommended(buyer) == [seller.pk]
    assert recommended(seller) == [buyer.pk]


def test_the_candidate_pass_misses_no_pair_the_exact_score_accepts():
    from tradefair.matchmaking.domain.pairs import pair_parts
    from tradefair.matchmaking.domain.profiles import load_profiles
    from tradefair.matchmaking.domain.scoring import Scorer

    expo = make_expo()
    for i, code in enumerate(["851762", "851713", "842952", "260111", "100630", "842951"]):
        person(expo, country=["CN", "RU", "JP"][i % 3], offers=[(code, "")], needs=[("842952", "")])
    scorer = Scorer.build(load_profiles(expo))
    n = scorer.profiles.size
    a, b = np.repeat(np.arange(n), n), np.tile(np.arange(n), n)
    accepted = {
        (x, y)
        for x, y, s in zip(a.tolist(), b.tolist(), pair_parts(scorer, a, b).score.tolist(), strict=True)
        if s > -1e9
    }

    found = set(zip(*(side.tolist() for side in scorer.candidates(np.arange(n), n)), strict=True))

    assert accepted and accepted <= found
