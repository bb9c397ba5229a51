"""Company and person names in the script of their country, with a Latin form."""

import random

from tradefair.demo import names as n

LATIN_SUFFIX = {
    "DE": "GmbH",
    "AT": "GmbH",
    "CH": "AG",
    "FR": "S.A.",
    "ES": "S.L.",
    "IT": "S.p.A.",
    "BR": "Ltda.",
    "NL": "B.V.",
    "PL": "Sp. z o.o.",
    "SE": "AB",
    "US": "Inc.",
    "IN": "Pvt. Ltd.",
    "MY": "Sdn. Bhd.",
    "ID": "PT",
    "TH": "Co., Ltd.",
    "VN": "JSC",
}

_LANG_OF = {
    "CN": "zh-hans",
    "HK": "zh-hans",
    "MO": "zh-hans",
    "TW": "zh-hans",
    "JP": "ja",
    "KR": "ko",
    "KP": "ko",
    "RU": "ru",
    "MN": "mn",
    "KZ": "ru",
    "BY": "ru",
    "KG": "ru",
    "UZ": "ru",
    "TJ": "ru",
}
_TRADE_INDEX = {"zh-hans": 0, "en": 1, "ja": 2, "ko": 3, "ru": 4, "mn": 5}


def home_language(country: str) -> str:
    return _LANG_OF.get(country, "en")


def languages_spoken(rng: random.Random, country: str) -> list[str]:
    home = home_language(country)
    spoken = [home]
    if home != "en" and rng.random() < 0.45:
        spoken.append("en")
    if country == "MN" and rng.random() < 0.5:
        spoken.append("ru")
    if home in ("ko", "ja", "ru", "mn") and rng.random() < 0.12:
        spoken.append("zh-hans")
    return spoken


def company_name(rng: random.Random, country: str, trade: str) -> tuple[str, dict[str, str]]:
    """The legal name in the company's own script and a display name per language."""
    words = n.TRADES[trade]
    if country in ("CN", "HK", "MO", "TW"):
        first, second = rng.choice(n.CN_SYLLABLES), rng.choice(n.CN_SYLLABLES)
        brand, brand_latin = first[0] + second[0], first[1].capitalize() + second[1].lower()
        if country == "CN":
            city, city_latin = rng.choice(n.CN_CITIES)
            legal = f"{city}{brand}{words[0]}有限公司"
            return legal, {"zh-hans": legal, "en": f"{city_latin} {brand_latin} {words[1]} Co., Ltd."}
        legal = f"{brand}{words[0]}有限公司"
        return legal, {"zh-hans": legal, "en": f"{brand_latin} {words[1]} Limited"}
    if country == "JP":
        core, latin = rng.choice(n.JP_CORES)
        legal = f"株式会社{core}{words[2]}"
        return legal, {
            "ja": legal,
            "zh-hans": f"{core}{words[2]}株式会社",
            "en": f"{latin} {words[1]} Co., Ltd.",
        }
    if country == "KR":
        core, latin = rng.choice(n.KR_CORES)
        legal = f"(주){core}{words[3]}"
        return legal, {"ko": legal, "en": f"{latin} {words[1]} Co., Ltd."}
    if country == "KP":
        core, latin = rng.choice(n.KP_CORES)
        legal = f"{core}{words[3]}무역회사"
        return legal, {"ko": legal, "en": f"{latin} {words[1]} Trading Corporation"}
    if country == "RU" or home_language(country) == "ru":
        core, latin = rng.choice(n.RU_CORES)
        extra, extra_latin = _modifier(rng, "ru")
        legal = f"ООО «{_spaced(core, words[4], extra)}»"
        return legal, {"ru": legal, "en": _spaced(latin, words[1], extra_latin, "LLC")}
    if country == "MN":
        core, latin = rng.choice(n.MN_CORES)
        extra, extra_latin = _modifier(rng, "mn")
        legal = _spaced(core, words[5], extra, "ХХК")
        return legal, {"mn": legal, "en": _spaced(latin, words[1], extra_latin, "LLC")}
    core = rng.choice(n.LATIN_CORES)
    extra, _same = _modifier(rng, "latin")
    suffix = LATIN_SUFFIX.get(country, "Ltd.")
    legal = (
        _spaced(suffix, core, words[1], extra) if suffix == "PT" else _spaced(core, words[1], extra, suffix)
    )
    return legal, {"en": legal}


def _modifier(rng: random.Random, script: str) -> tuple[str, str]:
    return rng.choice(n.MODIFIERS[script])


def _spaced(*parts: str) -> str:
    return " ".join(part for part in parts if part)


def person_name(rng: random.Random, country: str) -> tuple[str, str]:
    """(name in the person's script, Latin transliteration with the family name first
    where the culture puts it first)."""
    if country in ("CN", "HK", "MO", "TW"):
        (family, family_latin), (given, given_latin) = rng.choice(n.CN_SURNAMES), rng.choice(n.CN_GIVEN)
        return family + given, f"{family_latin.upper()} {given_latin}"
    if country == "JP":
        (family, family_latin), (given, given_latin) = rng.choice(n.JP_SURNAMES), rng.choice(n.JP_GIVEN)
        return f"{family} {given}", f"{family_latin.upper()} {given_latin}"
    if country in ("KR", "KP"):
        (family, family_latin), (given, given_latin) = rng.choice(n.KR_SURNAMES), rng.choice(n.KR_GIVEN)
        return family + given, f"{family_latin.upper()} {given_latin}"
    if country == "MN":
        (father, father_latin), (given, given_latin) = rng.choice(n.MN_GIVEN), rng.choice(n.MN_GIVEN)
        return f"{father[0]}. {given}", f"{father_latin[0]}. {given_latin.upper()}"
    if home_language(country) == "ru":
        (family, family_latin), (given, given_latin) = rng.choice(n.RU_SURNAMES), rng.choice(n.RU_GIVEN)
        return f"{given} {family}", f"{given_latin} {family_latin.upper()}"
    family, given = rng.choice(n.LATIN_SURNAMES), rng.choice(n.LATIN_GIVEN)
    return f"{given} {family}", f"{given} {family.upper()}"


def trade_word(trade: str, language: str) -> str:
    return n.TRADES[trade][_TRADE_INDEX.get(language, 1)]
