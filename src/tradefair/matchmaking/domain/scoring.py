"""How well two participants fit, for whole blocks of participants at once.

The score of a pair (a, b) is a sum of parts, each with its reason:

    code     0.5 * (1 - e^-x) for "they offer what you need" and again for "you offer
             what they need", x the sum of matched codes (subheading 1.0, heading 0.6,
             chapter 0.3, ISIC section 0.5), so one exact code match outranks any text;
    text     0.2 * cosine of n-gram tf-idf, need against offer, both ways;
    economy  0.15 * trade complementarity of the two economies (Michaely's index over
             what the participants of each country offer and need, by HS chapter);
    language +0.1 for a shared language, +0.05 when an organiser's interpreter bridges
             them, -0.1 when neither;
    border   the organiser's cross-border bonus for a pair from two countries or regions;
    interest +0.3 for a bookmark, +0.5 for a request, either way;

times the sponsor factor when the counterpart is a sponsor. A pair is not recommended
at all when nothing of substance ties it (no code, no text, no explicit interest), when
one side marked the other "not interested", when both are exhibitors and the organiser
keeps exhibitors apart, when one side excludes the other's country or sector, or when
both come from one organisation.

For a whole expo, candidates come first: blocks of rows against every column with one
dense matrix product on compact features (code rows reduced to their principal
directions, n-gram rows through a Gaussian random projection), the economy, language and
border parts looked up per group of alike participants, the rules applied, and about
CANDIDATES columns per row kept by a sampled threshold. The candidates are then scored
exactly (pairs.py) and the best TOP kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tradefair.matchmaking.domain.code_matches import need_keys
from tradefair.matchmaking.domain.profiles import Profiles

CODE_WEIGHT = 0.5
TEXT_WEIGHT = 0.2
TEXT_THRESHOLD = 0.2
ECONOMY_WEIGHT = 0.15
LANGUAGE_SHARED, LANGUAGE_INTERPRETED, LANGUAGE_NONE = 0.1, 0.05, -0.1
BOOKMARK_BONUS, REQUEST_BONUS = 0.3, 0.5
CODE_RANK = 32  # dimensions of the code space in the candidate pass
TEXT_DIMS = 32  # dimensions of the random projection of n-gram vectors
EXCLUDED = -np.inf


@dataclass
class Scorer:
    """The profile arrays plus what the candidate pass derives from them once."""

    profiles: Profiles
    complementarity: np.ndarray  # float32 [countries, countries], symmetric
    group: np.ndarray  # int32 [n]: participants alike in country, languages and interpreting
    base: np.ndarray  # float32 [groups, groups]: economy, language and border parts
    left: np.ndarray  # float32 [n, d]: left @ right.T approximates the code and text parts
    right: np.ndarray
    has_interest_rows: dict[int, dict[int, float]]  # row -> {col: bonus}
    blocked: dict[int, set[int]]  # row -> cols removed by "not interested" (either way)
    colleagues: dict[int, np.ndarray]  # organisation -> rows
    _need_keys: dict[int, dict[str, str]] = field(default_factory=dict)
    _scratch: dict = field(default_factory=dict)

    def need_keys(self, row: int) -> dict[str, str]:
        if row not in self._need_keys:
            self._need_keys[row] = need_keys(self.profiles.needs[row])
        return self._need_keys[row]

    @classmethod
    def build(cls, profiles: Profiles, *, seed: int = 0) -> Scorer:
        p = profiles
        rng = np.random.default_rng(seed)
        interest: dict[int, dict[int, float]] = {}
        blocked: dict[int, set[int]] = {}
        for (a, b), kind in p.marks.items():
            if kind == "not_interested":
                blocked.setdefault(a, set()).add(b)
                blocked.setdefault(b, set()).add(a)
            else:
                for x, y in ((a, b), (b, a)):
                    interest.setdefault(x, {})[y] = interest.get(x, {}).get(y, 0) + BOOKMARK_BONUS
        for a, b in p.requested:
            for x, y in ((a, b), (b, a)):
                interest.setdefault(x, {})[y] = interest.get(x, {}).get(y, 0) + REQUEST_BONUS
        complementarity = trade_complementarity(p)
        group, base = _groups(p, complementarity)
        basis = _code_basis(p.need_codes, p.offer_codes)
        need_c, offer_c = p.need_codes @ basis, p.offer_codes @ basis
        dims = p.need_text.shape[1]
        projection = (rng.standard_normal((dims, TEXT_DIMS)) / np.sqrt(TEXT_DIMS)).astype(np.float32)
        need_t = np.asarray(p.need_text @ projection, dtype=np.float32)
        offer_t = np.asarray(p.offer_text @ projection, dtype=np.float32)
        # A linear stand-in for the score: code matches both ways, text similarity both ways.
        left = np.hstack(
            [
                CODE_WEIGHT * need_c,
                CODE_WEIGHT * offer_c,
                0.5 * TEXT_WEIGHT * need_t,
                0.5 * TEXT_WEIGHT * offer_t,
            ]
        )
        right = np.hstack([offer_c, need_c, offer_t, need_t])
        colleagues: dict[int, list[int]] = {}
        for row, org in enumerate(p.organisation.tolist()):
            colleagues.setdefault(org, []).append(row)
        return cls(
            profiles=p,
            complementarity=complementarity,
            group=group,
            base=base,
            left=np.ascontiguousarray(left, dtype=np.float32),
            right=np.ascontiguousarray(right, dtype=np.float32),
            has_interest_rows=interest,
            blocked=blocked,
            colleagues={org: np.array(rows) for org, rows in colleagues.items() if len(rows) > 1},
        )

    def candidates(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(a, b): for each row about k columns of the best approximate scores, found with
        one matrix product per block and a sampled threshold instead of a full sort."""
        p = self.profiles
        m, n = rows.size, p.size
        # Buffers are kept between blocks: touching fresh 100 MB arrays for every block
        # costs more than the arithmetic on them.
        score_buf, extra_buf, mask_buf, finite_buf = self._buffers(m, n)
        score = np.matmul(self.left[rows], self.right.T, out=score_buf)
        score += np.take(self.base[self.group[rows]], self.group, axis=1, out=extra_buf)
        for r, row in enumerate(rows.tolist()):
            for col, bonus in self.has_interest_rows.get(row, {}).items():
                score[r, col] += bonus + 1
        if p.sponsor.any():
            sponsors = np.flatnonzero(p.sponsor)
            score[:, sponsors] *= np.float32(p.settings.sponsor_factor)
        self.exclude(score, rows)
        stride = max(1, score.shape[1] // (8 * k))
        sample = score[:, ::stride]
        take = max(1, min(sample.shape[1], -(-k * sample.shape[1] // score.shape[1]) + 1))
        threshold = np.partition(sample, -take, axis=1)[:, -take]
        np.greater_equal(score, threshold[:, None], out=mask_buf)
        np.greater(score, EXCLUDED, out=finite_buf)
        mask_buf &= finite_buf
        r, cols = np.nonzero(mask_buf)
        values = score[r, cols]
        order = np.lexsort((-values, r))
        r, cols = r[order], cols[order]
        rank = np.arange(r.size) - np.searchsorted(r, r, side="left")
        keep = rank < k
        return rows[r[keep]], cols[keep]

    def _buffers(self, m: int, n: int):
        key = (m, n)
        if self._scratch.get("key") != key:
            self._scratch.clear()
            self._scratch.update(
                key=key,
                arrays=(
                    np.empty((m, n), dtype=np.float32),
                    np.empty((m, n), dtype=np.float32),
                    np.empty((m, n), dtype=bool),
                    np.empty((m, n), dtype=bool),
                ),
            )
        return self._scratch["arrays"]

    def exclude(self, score: np.ndarray, rows: np.ndarray) -> None:
        """Set EXCLUDED where the rules forbid the pair (rows against every column)."""
        p = self.profiles
        if not p.settings.exhibitors_meet_exhibitors:
            exhibitor_rows = np.flatnonzero(p.exhibitor[rows])
            if exhibitor_rows.size:
                score[np.ix_(exhibitor_rows, np.flatnonzero(p.exhibitor))] = EXCLUDED
        for r, row in enumerate(rows.tolist()):
            score[r, row] = EXCLUDED
            mates = self.colleagues.get(int(p.organisation[row]))
            if mates is not None:
                score[r, mates] = EXCLUDED
            for col in self.blocked.get(row, ()):
                score[r, col] = EXCLUDED
        if p.excluded_countries.any():
            for r in np.flatnonzero(p.excluded_countries[rows].any(axis=1)).tolist():
                score[r, p.excluded_countries[rows[r]][p.country]] = EXCLUDED
            for col in np.flatnonzero(p.excluded_countries.any(axis=1)).tolist():
                score[p.excluded_countries[col][p.country[rows]], col] = EXCLUDED
        if p.excluded_sectors.any():
            score[(p.excluded_sectors[rows] @ p.sectors.T) > 0] = EXCLUDED
            score[(p.sectors[rows] @ p.excluded_sectors.T) > 0] = EXCLUDED


def _code_basis(need_codes: np.ndarray, offer_codes: np.ndarray) -> np.ndarray:
    """The identity when there are few code features, else the CODE_RANK principal
    directions of both sides' code rows (an approximation for the candidate pass only)."""
    features = need_codes.shape[1]
    if features <= CODE_RANK:
        return np.eye(features, dtype=np.float32)
    gram = need_codes.T.astype(np.float64) @ need_codes + offer_codes.T.astype(np.float64) @ offer_codes
    _values, vectors = np.linalg.eigh(gram)
    return np.ascontiguousarray(vectors[:, -CODE_RANK:], dtype=np.float32)


def _groups(p: Profiles, complementarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Participants with the same country, languages and interpreting get the same
    economy, language and border parts against everyone: compute them per group."""
    keys = {}
    group = np.zeros(p.size, dtype=np.int32)
    members = []
    for i in range(p.size):
        key = (int(p.country[i]), tuple(sorted(p.languages[i])), bool(p.interpreted[i]))
        if key not in keys:
            keys[key] = len(keys)
            members.append(i)
        group[i] = keys[key]
    first = np.array(members, dtype=np.int64)
    country = p.country[first]
    shared = (p.language_matrix[first] @ p.language_matrix[first].T) > 0
    bridged = (p.interpreted[first][:, None] * p.interpreted[first][None, :]) > 0
    base = ECONOMY_WEIGHT * complementarity[country][:, country]
    base += np.where(shared, LANGUAGE_SHARED, np.where(bridged, LANGUAGE_INTERPRETED, LANGUAGE_NONE))
    base += p.settings.cross_border_bonus * (country[:, None] != country[None, :])
    return group, base.astype(np.float32)


def trade_complementarity(p: Profiles) -> np.ndarray:
    """Michaely's trade complementarity between countries, from the chapters (and ISIC
    sections) their participants offer and need: 1 - ½·Σ|offer share_i - need share_j|,
    averaged over both directions. 1 means one economy offers exactly what the other needs."""
    chapters = sorted(
        {
            x.hs_code[:2] or f"isic:{x.isic_section}"
            for rows in (p.offers, p.needs)
            for row in rows
            for x in row
        }
    )
    column = {c: j for j, c in enumerate(chapters)}
    k = len(p.countries)
    offered = np.zeros((k, max(1, len(chapters))), dtype=np.float64)
    needed = np.zeros_like(offered)
    for matrix, rows in ((offered, p.offers), (needed, p.needs)):
        for i, row in enumerate(rows):
            for x in row:
                key = x.hs_code[:2] or (f"isic:{x.isic_section}" if x.isic_section else "")
                if key:
                    matrix[p.country[i], column[key]] += 1
    for matrix in (offered, needed):
        totals = matrix.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1
        matrix /= totals
    index = 1 - 0.5 * np.abs(offered[:, None, :] - needed[None, :, :]).sum(axis=2)
    has_offers = offered.sum(axis=1) > 0
    has_needs = needed.sum(axis=1) > 0
    index[~has_offers, :] = 0
    index[:, ~has_needs] = 0
    return ((index + index.T) / 2).astype(np.float32)
