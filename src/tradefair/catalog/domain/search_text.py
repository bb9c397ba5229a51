"""How text is made searchable: Unicode-normalised, case-folded, and Cyrillic given a
Latin spelling beside it, so that "Sibir" finds "Сибирь" and a full-width "ＸＥ" finds
"XE". Query and index go through the same function, so they always agree."""

import unicodedata

# Russian and Mongolian Cyrillic, as company names are usually romanised (BGN/PCGN-like).
_CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "ө": "o", "п": "p",
    "р": "r", "с": "s", "т": "t", "у": "u", "ү": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch",
    "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_TRANSLITERATION = str.maketrans(_CYRILLIC_TO_LATIN)
SEPARATOR = "\x1f"


def fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text or "").casefold().strip()


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in text)


def latin_spelling(text: str) -> str:
    """The Latin spelling of folded Cyrillic text; text without Cyrillic is returned empty."""
    return text.translate(_TRANSLITERATION) if has_cyrillic(text) else ""


def searchable(*parts: str) -> str:
    """One searchable text: each part folded, with the Latin spelling of Cyrillic parts."""
    folded = []
    for part in parts:
        text = fold(part)
        if not text or text in folded:
            continue
        folded.append(text)
        latin = latin_spelling(text)
        if latin:
            folded.append(latin)
    return "\n".join(folded)


def name_keys(names) -> str:
    """Folded names between separators, so that an exact name is found as ``SEP name SEP``."""
    keys = []
    for name in names:
        key = fold(name)
        if key and key not in keys:
            keys.append(key)
    return SEPARATOR + SEPARATOR.join(keys) + SEPARATOR if keys else ""


def query_terms(query: str, *, limit: int = 8) -> list[str]:
    terms = []
    for term in fold(query).split():
        if term not in terms:
            terms.append(term)
    return terms[:limit]
