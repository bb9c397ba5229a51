from tradefair.commerce.models.applications import (
    Application,
    ApplicationStatus,
    SpaceType,
    TeamMember,
)
from tradefair.commerce.models.orders import (
    Invoice,
    InvoiceCounter,
    InvoiceKind,
    Order,
    OrderLine,
    OrderStatus,
    Payment,
)
from tradefair.commerce.models.packages import BoothPackage, CommerceSettings, Extra, UnpaidAction

__all__ = [
    "Application",
    "ApplicationStatus",
    "BoothPackage",
    "CommerceSettings",
    "Extra",
    "Invoice",
    "InvoiceCounter",
    "InvoiceKind",
    "Order",
    "OrderLine",
    "OrderStatus",
    "Payment",
    "SpaceType",
    "TeamMember",
    "UnpaidAction",
]
