"""Booth packages and extras, defined by the expo's admins; their stock is taken under a
row lock, so that two approvals at once never sell the last shell-scheme booth twice."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from tradefair.commerce.domain.errors import CommerceError, CommerceForbidden
from tradefair.commerce.models import BoothPackage, Extra, SpaceType
from tradefair.common.audit import log_action
from tradefair.common.i18n import clean_translations

MAX_PRICE = Decimal("9999999999.99")


def _amount(value, *, field: str, maximum: Decimal) -> Decimal:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise CommerceError(
            "invalid_amount", _("%(field)s: give a number such as 12800.00.") % {"field": field}
        ) from None
    if not amount.is_finite() or amount < 0 or amount > maximum or amount.as_tuple().exponent < -2:
        raise CommerceError(
            "invalid_amount",
            _("%(field)s: give a number between 0 and %(max)s with at most two decimals.")
            % {"field": field, "max": maximum},
        )
    return amount.quantize(Decimal("0.01"))


def _check_admin(expo, by) -> None:
    if not by.has_perm("commerce.define_packages", expo):
        raise CommerceForbidden("forbidden", _("Only the expo's administrators define packages and extras."))


def _common(name, description, price, tax_rate, staff_badges, stock) -> dict:
    if staff_badges is None or not 0 <= int(staff_badges) <= 500:
        raise CommerceError("invalid_badges", _("Staff badges: give a number from 0 to 500."))
    if stock is not None and not 0 <= int(stock) <= 1_000_000:
        raise CommerceError(
            "invalid_stock", _("Stock: give a number from 0 to 1,000,000, or leave it empty.")
        )
    return {
        "name": clean_translations(name, field=_("name"), required=True, max_length=200),
        "description": clean_translations(description or {}, field=_("what is included"), max_length=2000),
        "price": _amount(price, field=_("price"), maximum=MAX_PRICE),
        "tax_rate": _amount(tax_rate, field=_("tax rate"), maximum=Decimal("100")),
        "staff_badges": int(staff_badges),
        "stock": None if stock is None else int(stock),
    }


def create_package(
    expo,
    *,
    by,
    name,
    price,
    area_m2,
    space_type=SpaceType.SHELL,
    description=None,
    furniture=None,
    tax_rate=Decimal("6.00"),
    staff_badges=2,
    stock=None,
) -> BoothPackage:
    _check_admin(expo, by)
    values = _common(name, description, price, tax_rate, staff_badges, stock)
    if space_type not in SpaceType.values:
        raise CommerceError("invalid_space_type", _("Choose shell scheme or raw space."))
    area = _amount(area_m2, field=_("area (m²)"), maximum=Decimal("10000"))
    if area < 1:
        raise CommerceError("invalid_amount", _("area (m²): give at least 1 m²."))
    with transaction.atomic():
        package = BoothPackage.objects.create(
            expo=expo,
            space_type=space_type,
            area_m2=area,
            furniture=clean_translations(furniture or {}, field=_("furniture included"), max_length=2000),
            **values,
        )
        log_action(package, "commerce.package_created", actor=by, data={"price": str(package.price)})
    return package


def create_extra(
    expo, *, by, name, price, description=None, tax_rate=Decimal("6.00"), staff_badges=0, stock=None
) -> Extra:
    _check_admin(expo, by)
    values = _common(name, description, price, tax_rate, staff_badges, stock)
    with transaction.atomic():
        extra = Extra.objects.create(expo=expo, **values)
        log_action(extra, "commerce.extra_created", actor=by, data={"price": str(extra.price)})
    return extra


def take_stock(model, pk: int, quantity: int, *, label: str):
    """Inside the caller's transaction: lock the item's row and count ``quantity`` sold,
    or refuse when fewer are left. Returns the locked item."""
    item = model.objects.select_for_update().get(pk=pk)
    if item.stock is not None and item.sold + quantity > item.stock:
        raise CommerceError(
            "sold_out",
            _("%(item)s: only %(left)s left.")
            % {"item": label or item.name, "left": max(item.stock - item.sold, 0)},
        )
    model.objects.filter(pk=pk).update(sold=F("sold") + quantity)
    item.sold += quantity
    return item


def give_back_stock(model, pk: int, quantity: int) -> None:
    model.objects.select_for_update().filter(pk=pk).update(sold=F("sold") - quantity)


def packages_on_sale(expo):
    return BoothPackage.objects.filter(expo=expo, active=True)


def extras_on_sale(expo):
    return Extra.objects.filter(expo=expo, active=True)
