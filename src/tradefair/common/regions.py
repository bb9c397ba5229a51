"""Countries and regions as Chinese expos report them.

Hong Kong, Macao and Taiwan have ISO 3166 codes of their own and are counted in
"countries and regions"; they are shown with ", China" and never called countries.
"""

from django.utils.translation import gettext_lazy as _
from django_countries import countries

REGION_CODES = frozenset({"HK", "MO", "TW"})


def is_region(code: str) -> bool:
    return code.upper() in REGION_CODES


def country_name(code: str) -> str:
    """CLDR name in the active language (django-countries translates through gettext)."""
    return str(countries.name(code)) if code else ""


def kind_label(code: str) -> str:
    return str(_("region")) if is_region(code) else str(_("country"))


def is_valid_code(code: str) -> bool:
    return bool(code) and code.upper() in countries
