"""Countries and regions as Chinese expos report them.

Names are CLDR's (Babel) in the reader's language, in the nominative form a list or a
badge needs, and lists are sorted by the reader's collation (common.collation).
Hong Kong, Macao and Taiwan have ISO 3166 codes of their own and are counted in
"countries and regions"; they are shown with ", China" (COUNTRIES_OVERRIDE, translated
in the catalogs) and never called countries.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from tradefair.common.collation import sorted_names
from tradefair.common.formatting import babel_locale

REGION_CODES = frozenset({"HK", "MO", "TW"})


def is_region(code: str) -> bool:
    return code.upper() in REGION_CODES


def country_name(code: str, language: str | None = None) -> str:
    """The CLDR name of a country or region in ``language`` (the active one by default)."""
    if not code:
        return ""
    code = str(code).upper()
    if code in settings.COUNTRIES_OVERRIDE:
        if language:
            with translation.override(language):
                return str(settings.COUNTRIES_OVERRIDE[code])
        return str(settings.COUNTRIES_OVERRIDE[code])
    name = babel_locale(language).territories.get(code)
    if name:
        return name
    return str(countries.name(code)) or code


def country_choices(codes=None, *, language: str | None = None) -> list[tuple[str, str]]:
    """(code, name) pairs, all ISO countries and regions or only ``codes``, in the
    order of the reader's alphabet."""
    codes = [code for code, _name in countries] if codes is None else [str(code) for code in codes if code]
    pairs = [(code, country_name(code, language)) for code in dict.fromkeys(codes)]
    return sorted_names(pairs, key=lambda pair: pair[1], language=language)


def kind_label(code: str) -> str:
    return str(_("region")) if is_region(code) else str(_("country"))


def is_valid_code(code: str) -> bool:
    return bool(code) and code.upper() in countries
