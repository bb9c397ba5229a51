"""Payments behind a small provider interface. Bank transfer is the one provider: the
exhibitor transfers the amount with the invoice's reference, and finance staff mark the
order paid when the bank statement shows it. An online provider would implement the
same three methods (start a payment, and confirm it from its own callback instead of a
person's click)."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.commerce.domain.errors import CommerceError, CommerceForbidden
from tradefair.commerce.domain.invoices import current_invoice
from tradefair.commerce.models import Order, OrderStatus, Payment
from tradefair.common.audit import log_action


class PaymentProvider:
    identifier = ""
    name = ""
    # Whether people of the organiser confirm payments by hand (bank transfer) or the
    # provider confirms them itself (an online provider's callback).
    confirmed_by_staff = True

    def instructions(self, invoice) -> dict:
        """What the exhibitor needs to pay the invoice."""
        raise NotImplementedError

    def record(self, order: Order, *, amount: Decimal, received_on: dt.date, reference: str, by) -> Payment:
        raise NotImplementedError


class BankTransfer(PaymentProvider):
    identifier = "bank_transfer"
    name = _("Bank transfer")

    def instructions(self, invoice) -> dict:
        seller = invoice.seller
        return {
            "bank": seller.get("bank_name", ""),
            "account": seller.get("bank_account", ""),
            "swift": seller.get("bank_swift", ""),
            "reference": invoice.payment_reference,
            "amount": f"{invoice.gross_total:.2f}",
            "currency": invoice.currency,
        }

    def record(self, order, *, amount, received_on, reference, by):
        return record_payment(
            order,
            amount=amount,
            received_on=received_on,
            reference=reference,
            by=by,
            provider=self.identifier,
        )


PROVIDERS: dict[str, PaymentProvider] = {BankTransfer.identifier: BankTransfer()}


def provider(identifier: str = BankTransfer.identifier) -> PaymentProvider:
    try:
        return PROVIDERS[identifier]
    except KeyError:
        raise CommerceError("unknown_provider", _("Unknown payment method.")) from None


def paid_amount(order: Order) -> Decimal:
    return sum((payment.amount for payment in order.payments.all()), Decimal("0.00"))


def record_payment(
    order: Order, *, amount, received_on: dt.date | None, reference: str, by, provider: str
) -> Payment:
    """Money received for the order's current invoice; the order is paid once the
    payments cover the invoice's total."""
    if not by.has_perm("commerce.handle_payments", order.expo):
        raise CommerceForbidden("forbidden", _("Only finance staff and administrators mark payments."))
    try:
        amount = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise CommerceError("invalid_amount", _("Give the amount received, such as 13568.00.")) from None
    if (
        not amount.is_finite()
        or amount <= 0
        or amount > Decimal("999999999999.99")
        or amount.as_tuple().exponent < -2
    ):
        raise CommerceError(
            "invalid_amount", _("Give the amount received: more than 0, at most two decimals.")
        )
    received_on = received_on or timezone.localdate()
    if received_on > timezone.localdate() + dt.timedelta(days=1):
        raise CommerceError("future_date", _("A payment cannot be received in the future."))
    reference = (reference or "").strip()[:100]
    with transaction.atomic():
        order = Order.objects.select_for_update().select_related("expo").get(pk=order.pk)
        if order.status not in (OrderStatus.OPEN,):
            raise CommerceError(
                "not_open",
                _("This order is %(status)s: no payment is due.") % {"status": order.get_status_display()},
            )
        invoice = current_invoice(order)
        if invoice is None:
            raise CommerceError("no_invoice", _("The order has no open invoice to pay."))
        due = invoice.gross_total - paid_amount(order)
        if amount > due:
            raise CommerceError(
                "overpaid",
                _("Only %(currency)s %(due)s is still due on invoice %(number)s.")
                % {"currency": invoice.currency, "due": f"{due:.2f}", "number": invoice.number},
            )
        payment = Payment.objects.create(
            order=order,
            provider=provider,
            amount=amount,
            currency=invoice.currency,
            received_on=received_on,
            reference=reference,
            recorded_by=by,
        )
        if amount == due:
            order.status = OrderStatus.PAID
            order.save(update_fields=["status"])
        log_action(
            payment,
            "commerce.payment_recorded",
            actor=by,
            expo=order.expo,
            data={"amount": str(amount), "invoice": invoice.number, "paid": order.status == OrderStatus.PAID},
        )
    return payment
