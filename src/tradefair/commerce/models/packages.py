from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from i18nfield.fields import I18nCharField, I18nTextField


class UnpaidAction(models.TextChoices):
    REMIND = "remind", _("Keep reminding; never release the booth")
    RELEASE = "release", _("After the reminders, cancel the order and give the booth back")


class CommerceSettings(models.Model):
    """The organiser as seller: the tax details printed on every invoice, the bank account
    exhibitors pay into, and what happens when an order stays unpaid."""

    expo = models.OneToOneField("expos.Expo", on_delete=models.CASCADE, related_name="commerce_settings")
    seller_name = I18nCharField(_("organiser's legal name"), blank=True, default="")
    seller_address = I18nTextField(_("organiser's address"), blank=True, default="")
    tax_id = models.CharField(
        _("taxpayer identification number"),
        max_length=40,
        blank=True,
        help_text=_("The unified social credit code or VAT number printed on invoices."),
    )
    bank_name = models.CharField(_("bank"), max_length=200, blank=True)
    bank_account = models.CharField(_("bank account (IBAN or account number)"), max_length=60, blank=True)
    bank_swift = models.CharField(_("SWIFT/BIC"), max_length=11, blank=True)
    invoice_prefix = models.CharField(
        _("invoice number prefix"),
        max_length=12,
        blank=True,
        help_text=_("Printed before the number, such as “CNEA2019-”."),
    )
    payment_days = models.PositiveSmallIntegerField(
        _("days to pay"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    reminder_days = models.PositiveSmallIntegerField(
        _("days between reminders"), default=7, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    reminders = models.PositiveSmallIntegerField(
        _("reminders before the deadline action"), default=2, validators=[MaxValueValidator(10)]
    )
    unpaid_action = models.CharField(
        _("when an order stays unpaid"),
        max_length=8,
        choices=UnpaidAction.choices,
        default=UnpaidAction.REMIND,
    )

    class Meta:
        verbose_name = _("invoicing settings")
        verbose_name_plural = _("invoicing settings")

    def __str__(self) -> str:
        return f"{self.expo}"


class PricedItem(models.Model):
    """What an organiser sells, in the expo's base currency, with a tax rate in percent
    and, when it is scarce, a stock that is never oversold (``sold`` moves under a row
    lock, and the database refuses ``sold > stock``)."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="+")
    name = I18nCharField(_("name"))
    description = I18nTextField(_("what is included"), blank=True, default="")
    price = models.DecimalField(
        _("price (net)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    tax_rate = models.DecimalField(
        _("tax rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("6.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    staff_badges = models.PositiveSmallIntegerField(_("staff badges included"), default=0)
    stock = models.PositiveIntegerField(_("stock"), null=True, blank=True, help_text=_("Empty: unlimited."))
    sold = models.PositiveIntegerField(_("sold"), default=0, editable=False)
    active = models.BooleanField(_("on sale"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["expo", "position", "id"]

    def __str__(self) -> str:
        return str(self.name)

    @property
    def available(self) -> int | None:
        return None if self.stock is None else max(self.stock - self.sold, 0)


class SpaceType(models.TextChoices):
    SHELL = "shell", _("Shell scheme (standard 9 m² booth, walls, fascia, furniture)")
    RAW = "raw", _("Raw space (floor only, own stand builder)")


class BoothPackage(PricedItem):
    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="booth_packages")
    space_type = models.CharField(
        _("space type"), max_length=8, choices=SpaceType.choices, default=SpaceType.SHELL
    )
    area_m2 = models.DecimalField(
        _("area (m²)"), max_digits=7, decimal_places=2, validators=[MinValueValidator(Decimal("1"))]
    )
    furniture = I18nTextField(_("furniture included"), blank=True, default="")

    class Meta(PricedItem.Meta):
        verbose_name = _("booth package")
        verbose_name_plural = _("booth packages")
        constraints = [
            models.CheckConstraint(
                condition=Q(stock__isnull=True) | Q(sold__lte=F("stock")), name="package_never_oversold"
            ),
        ]


class Extra(PricedItem):
    """Furniture, power, internet, extra staff badges: ordered by the unit."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="booth_extras")

    class Meta(PricedItem.Meta):
        verbose_name = _("extra")
        verbose_name_plural = _("extras")
        constraints = [
            models.CheckConstraint(
                condition=Q(stock__isnull=True) | Q(sold__lte=F("stock")), name="extra_never_oversold"
            ),
        ]
