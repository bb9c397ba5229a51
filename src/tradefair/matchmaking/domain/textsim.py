"""Character n-gram similarity of free texts, within and across scripts, with no model.

Texts are case-folded and NFKC-normalised; Cyrillic is also transliterated to Latin,
so that "экскаватор" shares trigrams with "excavator"; Chinese and Japanese share
Han characters, whose bigrams match directly. N-grams are hashed (CRC-32, stable
across processes) into a fixed space and weighted by inverse document frequency,
then each participant's need text and offer text become L2-normalised sparse rows.
"""

import unicodedata
import zlib
from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp

HASH_BITS = 20
NGRAM_SIZES = (2, 3)

_CYRILLIC = dict(
    zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюяөү",
        [
            "a",
            "b",
            "v",
            "g",
            "d",
            "e",
            "e",
            "zh",
            "z",
            "i",
            "i",
            "k",
            "l",
            "m",
            "n",
            "o",
            "p",
            "r",
            "s",
            "t",
            "u",
            "f",
            "kh",
            "ts",
            "ch",
            "sh",
            "shch",
            "_",
            "y",
            "_",
            "e",
            "yu",
            "ya",
            "o",
            "u",
        ],
        strict=True,
    )
)


def transliterate(text: str) -> str:
    if not any("\u0400" <= ch <= "\u04ff" for ch in text):
        return ""
    return "".join(_CYRILLIC.get(ch, ch) for ch in text).replace("_", "")


def normalise(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def ngram_hashes(text: str) -> list[int]:
    """Hashed character n-grams of a text and of its Latin transliteration."""
    hashes: list[int] = []
    for form in (normalise(text), transliterate(normalise(text))):
        if not form:
            continue
        padded = f" {form} "
        for n in NGRAM_SIZES:
            hashes.extend(
                zlib.crc32(padded[i : i + n].encode()) & ((1 << HASH_BITS) - 1)
                for i in range(len(padded) - n + 1)
                if padded[i : i + n].strip()
            )
    return hashes


def text_matrix(texts: Sequence[str]) -> sp.csr_matrix:
    """Counts of hashed n-grams per text (rows), deduplicating identical texts."""
    cache: dict[str, list[int]] = {}
    indptr = [0]
    indices: list[int] = []
    for text in texts:
        if text not in cache:
            cache[text] = ngram_hashes(text) if text else []
        indices.extend(cache[text])
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sp.csr_matrix(
        (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(texts), 1 << HASH_BITS),
    )
    matrix.sum_duplicates()
    return matrix


def tfidf_pair(needs: sp.csr_matrix, offers: sp.csr_matrix) -> tuple[sp.csr_matrix, sp.csr_matrix]:
    """IDF over both sides, sublinear term frequency, rows L2-normalised; only n-grams
    that occur on both sides are kept, since no other one can ever match."""
    on_need = np.asarray((needs > 0).sum(axis=0)).ravel()
    on_offer = np.asarray((offers > 0).sum(axis=0)).ravel()
    shared = (on_need > 0) & (on_offer > 0)
    documents = max(1, needs.shape[0] + offers.shape[0])
    idf = np.where(shared, np.log((1 + documents) / (1 + on_need + on_offer)) + 1, 0).astype(np.float32)
    columns = np.flatnonzero(shared)
    return _weigh(needs, idf, columns), _weigh(offers, idf, columns)


def _weigh(matrix: sp.csr_matrix, idf: np.ndarray, columns: np.ndarray) -> sp.csr_matrix:
    weighted = matrix[:, columns].tocsr().astype(np.float32)
    weighted.data = (1 + np.log(weighted.data)) * idf[columns][weighted.indices]
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sp.csr_matrix(sp.diags(1 / norms) @ weighted)


def rowwise_dot(left: sp.csr_matrix, right: sp.csr_matrix, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """left[a[i]] · right[b[i]] for every i, in chunks."""
    out = np.zeros(a.size, dtype=np.float32)
    for lo in range(0, a.size, 100_000):
        hi = min(a.size, lo + 100_000)
        out[lo:hi] = np.asarray(left[a[lo:hi]].multiply(right[b[lo:hi]]).sum(axis=1)).ravel()
    return out
