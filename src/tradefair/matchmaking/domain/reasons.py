"""Reasons are stored as a kind and parameters and rendered here, in the reader's language."""

from django.utils.translation import gettext as _

from tradefair.common.formatting import language_name
from tradefair.common.regions import country_name
from tradefair.common.taxonomy import ISIC_SECTIONS


def render_reason(reason: dict) -> str:
    kind = reason.get("kind")
    label = reason.get("label") or ""
    if kind == "they_offer":
        return _("They offer %(code)s %(label)s, which you need") % {"code": reason["code"], "label": label}
    if kind == "you_offer":
        return _("You offer %(code)s %(label)s, which they need") % {"code": reason["code"], "label": label}
    if kind == "they_offer_sector":
        return _("They offer %(sector)s (ISIC %(section)s), which you seek") % {
            "sector": ISIC_SECTIONS.get(reason["section"], ""),
            "section": reason["section"],
        }
    if kind == "you_offer_sector":
        return _("You offer %(sector)s (ISIC %(section)s), which they seek") % {
            "sector": ISIC_SECTIONS.get(reason["section"], ""),
            "section": reason["section"],
        }
    if kind == "similar_text":
        return _("What they describe is close to what you wrote (%(percent)s%% similar)") % {
            "percent": reason["percent"]
        }
    if kind == "economy":
        return _("The economy of %(country)s complements yours") % {
            "country": country_name(reason["country"])
        }
    if kind == "language":
        return _("You both speak %(language)s") % {"language": language_name(reason["language"])}
    if kind == "interpreter":
        return _("The organisers provide an interpreter between you")
    if kind == "cross_border":
        return _("A cross-border meeting with %(country)s") % {"country": country_name(reason["country"])}
    if kind == "bookmarked":
        return _("You bookmarked them")
    if kind == "bookmarked_you":
        return _("They bookmarked you")
    if kind == "requested":
        return _("There is a meeting request between you")
    if kind == "sponsor":
        return _("A sponsor of the expo")
    return ""


def render_reasons(reasons: list[dict]) -> list[str]:
    return [text for text in (render_reason(r) for r in reasons) if text]
