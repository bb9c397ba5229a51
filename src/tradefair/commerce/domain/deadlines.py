"""Unpaid orders past their due date: reminders every few days, then, if the organiser
chose so in the invoicing settings, the order is cancelled, its invoice credited, its
booths released and its package and extras go back into stock."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tradefair.catalog.domain.booths import unassign_booth
from tradefair.catalog.models import BoothAssignment
from tradefair.commerce.domain.invoices import current_invoice, issue_credit_note
from tradefair.commerce.domain.mail import send_to_applicant
from tradefair.commerce.domain.packages import give_back_stock
from tradefair.commerce.domain.settings import commerce_settings
from tradefair.commerce.models import BoothPackage, Extra, Order, OrderStatus, UnpaidAction
from tradefair.common.audit import log_action


class _Deadline:
    """The actor of what the deadline does by itself: allowed what the organiser's
    settings ordered, recorded in the audit log without a person."""

    is_authenticated = False
    pk = None

    def has_perm(self, perm, obj=None) -> bool:
        return perm in ("catalog.assign_booths", "commerce.handle_payments")


DEADLINE = _Deadline()


@dataclass
class DeadlineReport:
    reminded: int = 0
    released: int = 0


def process_deadlines(*, now: dt.datetime | None = None) -> DeadlineReport:
    now = now or timezone.now()
    today = now.date()
    report = DeadlineReport()
    overdue = Order.objects.filter(status=OrderStatus.OPEN, due_on__lt=today).select_related(
        "expo", "application"
    )
    for order in overdue.iterator():
        settings = commerce_settings(order.expo)
        spacing = dt.timedelta(days=settings.reminder_days)
        if order.reminders_sent < settings.reminders or settings.unpaid_action == UnpaidAction.REMIND:
            if order.last_reminded_at is None or now - order.last_reminded_at >= spacing:
                _remind(order, now=now)
                report.reminded += 1
        elif order.last_reminded_at is None or now - order.last_reminded_at >= spacing:
            _release(order)
            report.released += 1
    return report


def _remind(order: Order, *, now) -> None:
    with transaction.atomic():
        order = (
            Order.objects.select_for_update(of=("self",))
            .select_related("application", "expo")
            .get(pk=order.pk)
        )
        if order.status != OrderStatus.OPEN:
            return
        order.reminders_sent += 1
        order.last_reminded_at = now
        order.save(update_fields=["reminders_sent", "last_reminded_at"])
        log_action(order, "commerce.payment_reminder_sent", data={"reminder": order.reminders_sent})
        send_to_applicant(
            order.application,
            template="reminder",
            context={"order": order, "invoice": current_invoice(order)},
        )


def _release(order: Order) -> None:
    with transaction.atomic():
        order = (
            # Only the order's row: PostgreSQL cannot lock the nullable side of the join.
            Order.objects.select_for_update(of=("self",))
            .select_related("application__exhibitor", "expo")
            .get(pk=order.pk)
        )
        if order.status != OrderStatus.OPEN:
            return
        invoice = current_invoice(order)
        if invoice is not None:
            issue_credit_note(invoice, by=DEADLINE, reason="Unpaid by the deadline")
        exhibitor = order.application.exhibitor
        if exhibitor is not None:
            for assignment in BoothAssignment.objects.filter(exhibitor=exhibitor).select_related(
                "booth__hall__expo"
            ):
                unassign_booth(assignment.booth, by=DEADLINE)
        for line in order.lines.all():
            if line.extra_id:
                give_back_stock(Extra, line.extra_id, line.quantity)
        give_back_stock(BoothPackage, order.application.package_id, 1)
        order.status = OrderStatus.RELEASED
        order.save(update_fields=["status"])
        log_action(order, "commerce.order_released", data={"invoice": invoice.number if invoice else None})
        send_to_applicant(order.application, template="released", context={"order": order})
