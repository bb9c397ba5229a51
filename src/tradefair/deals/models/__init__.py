from tradefair.deals.models.deals import (
    SIGNED_STATUSES,
    TRADE_KINDS,
    Deal,
    DealKind,
    DealParty,
    DealStatus,
    ExchangeRate,
    RateSource,
)

__all__ = [
    "SIGNED_STATUSES",
    "TRADE_KINDS",
    "Deal",
    "DealKind",
    "DealParty",
    "DealStatus",
    "ExchangeRate",
    "RateSource",
]
