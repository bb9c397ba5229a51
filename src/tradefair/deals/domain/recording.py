"""Recording deals: organisers record (confirmed at once), parties declare (confirmed later
by an organiser), organisers confirm, and any deal moves along its statuses."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.catalog.models import InvestmentProject
from tradefair.common import event_payloads, events
from tradefair.common.audit import log_action
from tradefair.common.numbers import NumberRefused, storable_for
from tradefair.common.taxonomy import ISIC_SECTIONS, validate_hs_code
from tradefair.deals.domain.conversion import RateBook, apply_conversion
from tradefair.deals.domain.currencies import is_known_currency
from tradefair.deals.domain.errors import DealError, DealPermissionDenied
from tradefair.deals.models import Deal, DealKind, DealParty, DealStatus
from tradefair.expos.permissions import operates_expo
from tradefair.matchmaking.models import Meeting
from tradefair.people.models import Organisation
from tradefair.people.permissions import participant_of
from tradefair.program.models import Event


@dataclass
class DealTerms:
    """What a deal says, as an organiser or a party enters it."""

    kind: str
    status: str
    signed_on: dt.date
    parties: Sequence[int]
    amount: Decimal | str | None = None
    currency: str = "CNY"
    title: str = ""
    hs_code: str = ""
    isic_section: str = ""
    meeting_id: int | None = None
    ceremony_id: int | None = None
    project_id: int | None = None


def _amount(value) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return storable_for(Deal._meta.get_field("amount"), value)
    except NumberRefused as refused:
        raise DealError("deal_amount", refused.message) from None


def _validated(expo, terms: DealTerms) -> dict:
    if terms.kind not in DealKind.values:
        raise DealError("deal_kind", _("Unknown kind of deal: %(kind)s.") % {"kind": terms.kind})
    if terms.status not in DealStatus.values:
        raise DealError("deal_status", _("Unknown deal status: %(status)s.") % {"status": terms.status})
    if not isinstance(terms.signed_on, dt.date):
        raise DealError("deal_date", _("Give the date the deal was signed."))
    currency = (terms.currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha() or not currency.isascii():
        raise DealError("deal_currency", _("Give the currency as an ISO 4217 code such as USD."))
    if currency != expo.base_currency and not is_known_currency(currency):
        raise DealError(
            "deal_currency",
            _("%(code)s is not a currency code we know: give an ISO 4217 code such as USD.")
            % {"code": currency},
        )
    amount = _amount(terms.amount)
    if amount is None and terms.kind != DealKind.MEMORANDUM:
        raise DealError("deal_amount", _("Give the amount of the deal."))
    party_ids = list(dict.fromkeys(int(pk) for pk in terms.parties))
    if len(party_ids) < 2:
        raise DealError("deal_parties", _("A deal needs at least two different parties."))
    found = Organisation.objects.filter(pk__in=party_ids).count()
    if found != len(party_ids):
        raise DealError("deal_parties", _("One of the parties is not a known organisation."))
    if terms.hs_code:
        try:
            validate_hs_code(terms.hs_code)
        except ValidationError as error:
            raise DealError("deal_hs_code", error.messages[0]) from None
    if terms.isic_section and terms.isic_section not in ISIC_SECTIONS:
        raise DealError("deal_isic", _("Unknown ISIC section: %(code)s.") % {"code": terms.isic_section})
    values = {
        "kind": terms.kind,
        "status": terms.status,
        "signed_on": terms.signed_on,
        "amount": amount,
        "currency": currency,
        "title": (terms.title or "").strip()[:300],
        "hs_code": terms.hs_code or "",
        "isic_section": terms.isic_section or "",
        "meeting": None,
        "ceremony": None,
        "project": None,
    }
    if terms.meeting_id:
        values["meeting"] = Meeting.objects.filter(pk=terms.meeting_id, round__expo=expo).first()
        if values["meeting"] is None:
            raise DealError("deal_meeting", _("That matchmaking meeting is not one of this expo's."))
    if terms.ceremony_id:
        values["ceremony"] = Event.objects.filter(pk=terms.ceremony_id, expo=expo).first()
        if values["ceremony"] is None:
            raise DealError("deal_ceremony", _("That signing ceremony is not one of this expo's."))
    if terms.project_id:
        if terms.kind != DealKind.INVESTMENT_AGREEMENT:
            raise DealError("deal_project", _("Only an investment agreement can contract a project."))
        values["project"] = InvestmentProject.objects.filter(pk=terms.project_id, expo=expo).first()
        if values["project"] is None:
            raise DealError("deal_project", _("That investment project is not one of this expo's."))
        if not values["isic_section"]:
            values["isic_section"] = values["project"].isic_section
    return values | {"party_ids": party_ids}


def _create(expo, values: dict, **more) -> Deal:
    party_ids = values.pop("party_ids")
    deal = Deal(expo=expo, **values, **more)
    apply_conversion(deal, RateBook(expo))
    deal.save()
    DealParty.objects.bulk_create(
        [DealParty(deal=deal, organisation_id=pk, position=index) for index, pk in enumerate(party_ids)]
    )
    return deal


def record_deal(expo, terms: DealTerms, *, by) -> Deal:
    """An organiser (staff or admin) records a deal; it counts in the results at once."""
    if not operates_expo(by, expo):
        raise DealPermissionDenied("deal_forbidden", _("Only the expo's organisers record deals."))
    values = _validated(expo, terms)
    with transaction.atomic():
        deal = _create(expo, values, recorded_by=by, confirmed_at=timezone.now())
        log_action(deal, "deal.recorded", actor=by, data=_audit(deal))
        _announce_recorded(deal)
    return deal


def declare_deal(expo, terms: DealTerms, *, by) -> Deal:
    """A party declares a deal; it waits for an organiser's confirmation before it counts."""
    if operates_expo(by, expo):
        return record_deal(expo, terms, by=by)
    participant = participant_of(by, expo)
    if participant is None or participant.organisation_id is None:
        raise DealPermissionDenied(
            "deal_forbidden", _("Only participants representing an organisation can declare deals.")
        )
    values = _validated(expo, terms)
    if participant.organisation_id not in values["party_ids"]:
        raise DealError("deal_not_a_party", _("Your own organisation must be one of the parties."))
    if values["meeting"] is not None and not values["meeting"].involves(participant.pk):
        raise DealError("deal_meeting", _("That matchmaking meeting is not one of yours."))
    with transaction.atomic():
        deal = _create(expo, values, declared_by=participant)
        log_action(deal, "deal.declared", actor=by, data=_audit(deal))
    return deal


def confirm_deal(deal: Deal, *, by) -> Deal:
    if not operates_expo(by, deal.expo):
        raise DealPermissionDenied("deal_forbidden", _("Only the expo's organisers confirm deals."))
    with transaction.atomic():
        deal = Deal.objects.select_for_update().get(pk=deal.pk)
        if deal.confirmed_at is not None:
            raise DealError("deal_confirmed", _("This deal has already been confirmed."))
        deal.confirmed_at = timezone.now()
        deal.recorded_by = by
        deal.save(update_fields=["confirmed_at", "recorded_by"])
        log_action(deal, "deal.confirmed", actor=by)
        _announce_recorded(deal)
    return deal


ALLOWED_MOVES = {
    DealStatus.INTENDED: {DealStatus.SIGNED, DealStatus.CANCELLED},
    DealStatus.SIGNED: {DealStatus.EXECUTED, DealStatus.CANCELLED},
    DealStatus.EXECUTED: set(),
    DealStatus.CANCELLED: set(),
}


def change_status(deal: Deal, *, status: str, by, signed_on: dt.date | None = None) -> Deal:
    """Move a deal along intended -> signed -> executed, or cancel it. Signing an intended
    deal may give a new signing date, and then the rate of that date applies."""
    if not operates_expo(by, deal.expo):
        raise DealPermissionDenied("deal_forbidden", _("Only the expo's organisers change deals."))
    with transaction.atomic():
        deal = Deal.objects.select_for_update(of=("self",)).select_related("expo").get(pk=deal.pk)
        if status not in ALLOWED_MOVES.get(deal.status, set()):
            raise DealError(
                "deal_status_move",
                _("A deal that is %(old)s cannot become %(new)s.")
                % {
                    "old": deal.get_status_display(),
                    "new": DealStatus(status).label if status in DealStatus.values else status,
                },
            )
        before = deal.status
        deal.status = status
        if signed_on is not None:
            deal.signed_on = signed_on
            apply_conversion(deal, RateBook(deal.expo))
        deal.save()
        log_action(deal, "deal.status_changed", actor=by, data={"from": before, "to": status})
        if status == DealStatus.SIGNED and deal.confirmed_at is not None:
            _announce(events.DEAL_SIGNED, deal)
    return deal


def _announce(kind: str, deal: Deal) -> None:
    events.send(kind, expo=deal.expo, payload=lambda: {"deal": event_payloads.deal(deal)})


def _announce_recorded(deal: Deal) -> None:
    """A deal counts from the moment an organiser records or confirms it; one recorded as
    signed is also a signing."""
    _announce(events.DEAL_RECORDED, deal)
    if deal.status in (DealStatus.SIGNED, DealStatus.EXECUTED):
        _announce(events.DEAL_SIGNED, deal)


def _audit(deal: Deal) -> dict:
    return {
        "kind": deal.kind,
        "status": deal.status,
        "amount": str(deal.amount) if deal.amount is not None else None,
        "currency": deal.currency,
        "amount_base": str(deal.amount_base) if deal.amount_base is not None else None,
        "rate": str(deal.rate) if deal.rate is not None else None,
        "rate_source": deal.rate_source,
    }
