from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class OrderStatus(models.TextChoices):
    OPEN = "open", _("Awaiting payment")
    PAID = "paid", _("Paid")
    RELEASED = "released", _("Cancelled unpaid, booth released")
    CANCELLED = "cancelled", _("Cancelled")


class Order(models.Model):
    """What an approved application bought: one package, its extras, the staff-badge
    quota they carry. Its lines never change once invoiced; corrections are credit notes."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="exhibitor_orders")
    application = models.OneToOneField("commerce.Application", on_delete=models.PROTECT, related_name="order")
    currency = models.CharField(max_length=3)
    status = models.CharField(
        _("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.OPEN
    )
    staff_badges = models.PositiveSmallIntegerField(_("staff badges"), default=0)
    due_on = models.DateField(_("payment due"))
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expo", "-created_at", "-id"]
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        indexes = [models.Index(fields=["expo", "status", "due_on"])]

    def __str__(self) -> str:
        return f"#{self.pk}"


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    description = models.JSONField(_("description"), help_text="language -> text")
    package = models.ForeignKey(
        "commerce.BoothPackage", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    extra = models.ForeignKey(
        "commerce.Extra", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveIntegerField(default=1)
    unit_price = models.DecimalField(max_digits=12, decimal_places=2)
    tax_rate = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.unit_price}"


class InvoiceKind(models.TextChoices):
    INVOICE = "invoice", _("Invoice")
    CREDIT_NOTE = "credit_note", _("Credit note")


class InvoiceCounter(models.Model):
    """The last number given in an expo. Locked with SELECT ... FOR UPDATE in the
    transaction that writes the invoice: a rolled-back invoice gives its number back,
    so numbers never skip (a database sequence would)."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="invoice_counter")
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.expo_id}: {self.last}"


class Invoice(models.Model):
    """An invoice or a credit note, frozen when issued: its lines, seller and buyer are
    copied in, so that changing a package or the settings later changes no invoice."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.PROTECT, related_name="invoices")
    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="invoices")
    kind = models.CharField(max_length=12, choices=InvoiceKind.choices, default=InvoiceKind.INVOICE)
    corrects = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_note"
    )
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("number"), max_length=32)
    issued_at = models.DateTimeField()
    language = models.CharField(max_length=10)
    currency = models.CharField(max_length=3)
    seller = models.JSONField()
    buyer = models.JSONField()
    lines = models.JSONField()
    net_total = models.DecimalField(max_digits=14, decimal_places=2)
    tax_total = models.DecimalField(max_digits=14, decimal_places=2)
    gross_total = models.DecimalField(max_digits=14, decimal_places=2)
    payment_reference = models.CharField(max_length=40)
    reason = models.TextField(blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["expo", "sequence"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        constraints = [
            models.UniqueConstraint(fields=["expo", "sequence"], name="invoice_sequence_unique_in_expo"),
            models.CheckConstraint(
                condition=Q(kind="invoice", corrects__isnull=True)
                | Q(kind="credit_note", corrects__isnull=False),
                name="credit_note_corrects_an_invoice",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    """Money received for an order, recorded through a payment provider (bank transfer:
    finance staff mark it when the statement shows it)."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(max_length=20)
    amount = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3)
    received_on = models.DateField(_("received on"))
    reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "recorded_at", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive")]

    def __str__(self) -> str:
        return f"{self.currency} {self.amount}"
