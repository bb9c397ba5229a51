"""Deals are built through the domain function, so the conversion fields are what the
application itself would store."""

import datetime as dt
from decimal import Decimal

from tests.factories import ExpoFactory, OrganisationFactory, UserFactory
from tradefair.deals.domain.recording import DealTerms, declare_deal, record_deal
from tradefair.deals.models import DealKind, DealStatus


def organiser(expo=None):
    """An organiser: platform staff (an expo's own organiser list is not a field yet)."""
    user = UserFactory(is_staff=True)
    user.save()
    return user


def make_deal(
    expo=None,
    *,
    by=None,
    amount="1000.00",
    currency="CNY",
    kind=DealKind.CONTRACT,
    status=DealStatus.SIGNED,
    signed_on=dt.date(2019, 8, 27),
    parties=None,
    declare=False,
    **more,
):
    expo = expo or ExpoFactory()
    parties = parties or [OrganisationFactory(country="CN"), OrganisationFactory(country="RU")]
    terms = DealTerms(
        kind=kind,
        status=status,
        signed_on=signed_on,
        parties=[party.pk for party in parties],
        amount=None if amount is None else Decimal(amount),
        currency=currency,
        **more,
    )
    if declare:
        return declare_deal(expo, terms, by=by)
    return record_deal(expo, terms, by=by or organiser(expo))
