"""How closely one interest's codes meet another's: the HS prefix or ISIC section two
interests share. Both the scorer (a pair's code part) and the pair reasons use it, so it
sits below both of them."""

from __future__ import annotations

from tradefair.matchmaking.domain.profiles import Interest


def match_level(offer: Interest, need: Interest) -> int:
    """6, 4 or 2 for the finest HS level two codes share, 1 for the same ISIC section, 0 for none."""
    if offer.hs_code and need.hs_code:
        for digits in (6, 4, 2):
            if (
                min(len(offer.hs_code), len(need.hs_code)) >= digits
                and offer.hs_code[:digits] == need.hs_code[:digits]
            ):
                return digits
    if offer.isic_section and offer.isic_section == need.isic_section:
        return 1
    return 0


def need_keys(needs: list[Interest]) -> dict[str, str]:
    """Every prefix a need can be matched at, with the need's own words, for matching
    offers by dictionary lookups."""
    keys: dict[str, str] = {}
    for need in needs:
        code = need.hs_code
        for digits in (2, 4, 6):
            if len(code) >= digits and not keys.get(code[:digits]):
                keys[code[:digits]] = need.text
        if need.isic_section and not keys.get(f"isic:{need.isic_section}"):
            keys[f"isic:{need.isic_section}"] = need.text
    return keys


def offer_level(offer: Interest, keys: dict[str, str]) -> int:
    code = offer.hs_code
    for digits in (6, 4, 2):
        if len(code) >= digits and code[:digits] in keys:
            return digits
    if offer.isic_section and f"isic:{offer.isic_section}" in keys:
        return 1
    return 0
