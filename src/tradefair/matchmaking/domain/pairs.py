"""The same score as scoring.Scorer.block, exact, for a list of pairs, with its parts
kept so that each recommended pair can say why it was recommended."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tradefair.common.taxonomy import ISIC_SECTIONS
from tradefair.matchmaking.domain import scoring
from tradefair.matchmaking.domain.code_matches import need_keys, offer_level
from tradefair.matchmaking.domain.profiles import Interest
from tradefair.matchmaking.domain.textsim import rowwise_dot

REASONS_PER_DIRECTION = 2


@dataclass
class PairParts:
    they_offer: np.ndarray
    you_offer: np.ndarray
    text: np.ndarray
    economy: np.ndarray
    shared_language: np.ndarray
    interpreted: np.ndarray
    foreign: np.ndarray
    interest: np.ndarray
    score: np.ndarray  # -inf where the pair is excluded or has nothing of substance


def pair_parts(scorer: scoring.Scorer, a: np.ndarray, b: np.ndarray) -> PairParts:
    p = scorer.profiles
    they_offer = np.einsum("ij,ij->i", p.need_codes[a], p.offer_codes[b])
    you_offer = np.einsum("ij,ij->i", p.offer_codes[a], p.need_codes[b])
    text = 0.5 * (rowwise_dot(p.need_text, p.offer_text, a, b) + rowwise_dot(p.offer_text, p.need_text, a, b))
    text = np.clip(text, 0, 1)
    economy = scorer.complementarity[p.country[a], p.country[b]]
    shared = np.einsum("ij,ij->i", p.language_matrix[a], p.language_matrix[b]) > 0
    interpreted = (p.interpreted[a] * p.interpreted[b]) > 0
    foreign = p.country[a] != p.country[b]
    interest = np.array(
        [
            scorer.has_interest_rows.get(x, {}).get(y, 0.0)
            for x, y in zip(a.tolist(), b.tolist(), strict=True)
        ],
        dtype=np.float32,
    )
    score = scoring.CODE_WEIGHT * (2 - np.exp(-they_offer) - np.exp(-you_offer))
    score += scoring.TEXT_WEIGHT * text + scoring.ECONOMY_WEIGHT * economy
    score += np.where(
        shared,
        scoring.LANGUAGE_SHARED,
        np.where(interpreted, scoring.LANGUAGE_INTERPRETED, scoring.LANGUAGE_NONE),
    )
    score += p.settings.cross_border_bonus * foreign + interest
    score *= np.where(p.sponsor[b], p.settings.sponsor_factor, 1.0)
    substance = (they_offer > 0) | (you_offer > 0) | (text >= scoring.TEXT_THRESHOLD) | (interest > 0)
    excluded = np.zeros(a.size, dtype=bool)
    for lo in range(0, a.size, 4096):
        hi = min(a.size, lo + 4096)
        excluded[lo:hi] = _excluded_pairs(scorer, a[lo:hi], b[lo:hi])
    score = np.where(substance & ~excluded, score, -np.inf).astype(np.float32)
    return PairParts(they_offer, you_offer, text, economy, shared, interpreted, foreign, interest, score)


def _excluded_pairs(scorer: scoring.Scorer, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    p = scorer.profiles
    out = p.organisation[a] == p.organisation[b]
    if not p.settings.exhibitors_meet_exhibitors:
        out |= p.exhibitor[a] & p.exhibitor[b]
    if p.excluded_countries.any():
        out |= p.excluded_countries[a, p.country[b]] | p.excluded_countries[b, p.country[a]]
    if p.excluded_sectors.any():
        out |= np.einsum("ij,ij->i", p.excluded_sectors[a], p.sectors[b]) > 0
        out |= np.einsum("ij,ij->i", p.sectors[a], p.excluded_sectors[b]) > 0
    for i, (x, y) in enumerate(zip(a.tolist(), b.tolist(), strict=True)):
        if y in scorer.blocked.get(x, ()):
            out[i] = True
    return out


def code_reasons(kind: str, offers: list[Interest], needs: list[Interest] | dict[str, str]) -> list[dict]:
    """The best matches of one side's offers to the other's needs, finest level first.
    For "they offer", an exact code match is labelled in the viewer's own words (their
    need, in their language); otherwise with the offer's own text."""
    keys = needs if isinstance(needs, dict) else need_keys(needs)
    found: dict[str, tuple[int, dict]] = {}
    for offer in offers:
        best = offer_level(offer, keys)
        if not best:
            continue
        if best == 1:
            key = f"isic:{offer.isic_section}"
            reason = {"kind": f"{kind}_sector", "section": offer.isic_section, "label": offer.text[:80]}
        else:
            key = offer.hs_code[:best]
            label = offer.text
            if kind == "they_offer" and best == 6 and keys.get(key):
                label = keys[key]
            reason = {"kind": kind, "code": key, "level": best, "label": label[:80]}
        if key not in found or found[key][0] < best:
            found[key] = (best, reason)
    ranked = sorted(found.values(), key=lambda item: -item[0])
    return [reason for _level, reason in ranked[:REASONS_PER_DIRECTION]]


def reasons_for(scorer: scoring.Scorer, parts: PairParts, i: int, a: int, b: int) -> list[dict]:
    """Reasons of pair i (rows a, b) from a's point of view, strongest first."""
    p = scorer.profiles
    reasons: list[dict] = []
    if parts.they_offer[i] > 0:
        reasons += code_reasons("they_offer", p.offers[b], scorer.need_keys(a))
    if parts.you_offer[i] > 0:
        reasons += code_reasons("you_offer", p.offers[a], scorer.need_keys(b))
    if parts.text[i] >= scoring.TEXT_THRESHOLD:
        reasons.append({"kind": "similar_text", "percent": int(round(100 * float(parts.text[i])))})
    kind = p.marks.get((a, b))
    if kind == "bookmark":
        reasons.append({"kind": "bookmarked"})
    if p.marks.get((b, a)) == "bookmark":
        reasons.append({"kind": "bookmarked_you"})
    if (a, b) in p.requested or (b, a) in p.requested:
        reasons.append({"kind": "requested"})
    if parts.economy[i] >= 0.4 and parts.foreign[i]:
        reasons.append({"kind": "economy", "country": p.countries[p.country[b]]})
    if parts.shared_language[i]:
        common = [code for code in p.languages[a] if code in p.languages[b]]
        reasons.append({"kind": "language", "language": common[0]})
    elif parts.interpreted[i]:
        reasons.append({"kind": "interpreter"})
    if parts.foreign[i] and p.settings.cross_border_bonus > 0:
        reasons.append({"kind": "cross_border", "country": p.countries[p.country[b]]})
    if p.sponsor[b]:
        reasons.append({"kind": "sponsor"})
    return reasons


SECTION_NAMES = ISIC_SECTIONS
