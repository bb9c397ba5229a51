"""Reading time and content similarity of announcements, without any model download.

Reading time counts words for scripts written with spaces and characters for Chinese
and Japanese (about 230 words or 400 characters a minute). Similarity is the cosine of
TF-IDF vectors over character 2- and 3-grams of every language of an announcement, so
that texts in the same language about the same thing come together whatever the script
and without a word segmenter."""

import math
import re
from collections import Counter

import numpy as np
from scipy import sparse

WORDS_PER_MINUTE = 230
CJK_CHARACTERS_PER_MINUTE = 400
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[^\W\d_]+|\d+", re.UNICODE)


def reading_minutes(text: str) -> int:
    text = text or ""
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    return max(1, math.ceil(words / WORDS_PER_MINUTE + cjk / CJK_CHARACTERS_PER_MINUTE))


def _grams(text: str) -> Counter:
    text = re.sub(r"\s+", " ", text.casefold()).strip()
    grams: Counter = Counter()
    for size in (2, 3):
        grams.update(text[i : i + size] for i in range(len(text) - size + 1))
    grams.pop(" ", None)
    return grams


def tfidf(texts: list[str]) -> sparse.csr_matrix:
    """Rows of unit length: character n-gram TF-IDF (sublinear tf, smoothed idf), sparse so
    that hundreds of announcements in six scripts stay small."""
    vocabulary: dict[str, int] = {}
    rows, columns, values = [], [], []
    for row, text in enumerate(texts):
        for gram, count in _grams(text).items():
            rows.append(row)
            columns.append(vocabulary.setdefault(gram, len(vocabulary)))
            values.append(1 + math.log(count))
    matrix = sparse.csr_matrix((values, (rows, columns)), shape=(len(texts), max(1, len(vocabulary))))
    documents = np.bincount(columns, minlength=matrix.shape[1]) if columns else np.zeros(matrix.shape[1])
    matrix = matrix @ sparse.diags(np.log((1 + len(texts)) / (1 + documents)) + 1)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    return sparse.diags(1 / np.where(norms == 0, 1, norms)) @ matrix


def most_similar(target: int, texts: list[str], *, limit: int = 3, threshold: float = 0.05) -> list[int]:
    """Indexes of the texts closest to texts[target], best first, excluding itself."""
    if len(texts) < 2:
        return []
    matrix = tfidf(texts).tocsr()
    scores = np.asarray((matrix @ matrix[target].T).todense()).ravel()
    order = sorted((i for i in range(len(texts)) if i != target), key=lambda i: (-scores[i], i))
    return [i for i in order if scores[i] >= threshold][:limit]
