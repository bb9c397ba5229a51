from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tradefair.common.numbers import StorableDecimalValidator
from tradefair.common.taxonomy import ISIC_CHOICES, validate_hs_code

currency_code = RegexValidator(r"^[A-Z]{3}$", _("Give an ISO 4217 code such as USD."))


class DealKind(models.TextChoices):
    CONTRACT = "contract", _("Trade contract")
    PURCHASE_ORDER = "purchase_order", _("Purchase order")
    INTENT = "intent", _("Letter of intent or intended order")
    INVESTMENT_AGREEMENT = "investment_agreement", _("Investment agreement")
    MEMORANDUM = "memorandum", _("Cooperation memorandum")


# The kinds whose signed amounts make up the trade volume (spec/interfaces.md).
TRADE_KINDS = (DealKind.CONTRACT, DealKind.PURCHASE_ORDER)


class DealStatus(models.TextChoices):
    INTENDED = "intended", _("Intended")
    SIGNED = "signed", _("Signed")
    EXECUTED = "executed", _("Executed")
    CANCELLED = "cancelled", _("Cancelled")


SIGNED_STATUSES = (DealStatus.SIGNED, DealStatus.EXECUTED)


class RateSource(models.TextChoices):
    NONE = "", _("No rate")
    SAME = "same", _("Same currency")
    ORGANISER = "organiser", _("Organiser's rate")
    ECB = "ecb", _("ECB reference rate")


class Deal(models.Model):
    """A contract, order, intention, investment agreement or memorandum between two or more
    organisations. The conversion into the expo's base currency is stored with the rate
    used, so that every figure of the results can be traced to the fen; it is recomputed
    when the organiser enters a rate (domain.conversion.reconvert_deals)."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="deals")
    kind = models.CharField(_("kind"), max_length=24, choices=DealKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=DealStatus.choices)
    title = models.CharField(_("title"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), StorableDecimalValidator(18, 2)],
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY", validators=[currency_code])
    signed_on = models.DateField(_("date signed"))
    hs_code = models.CharField(_("HS code"), max_length=6, blank=True, validators=[validate_hs_code])
    isic_section = models.CharField(_("ISIC section"), max_length=1, blank=True, choices=ISIC_CHOICES)
    parties = models.ManyToManyField(
        "people.Organisation", through="deals.DealParty", related_name="deals", verbose_name=_("parties")
    )
    meeting = models.ForeignKey(
        "matchmaking.Meeting",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
        verbose_name=_("matchmaking meeting"),
    )
    ceremony = models.ForeignKey(
        "program.Event",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="deals",
        verbose_name=_("signing ceremony"),
    )
    project = models.ForeignKey(
        "catalog.InvestmentProject",
        null=True,
        blank=True,
        # A contracted project cannot be deleted on its own, but goes with its expo.
        on_delete=models.RESTRICT,
        related_name="agreements",
        verbose_name=_("investment project"),
    )
    # Conversion into the expo's base currency: amount_base = round_fen(amount * rate).
    amount_base = models.DecimalField(max_digits=18, decimal_places=2, null=True, blank=True)
    rate = models.DecimalField(max_digits=24, decimal_places=12, null=True, blank=True)
    rate_source = models.CharField(max_length=10, choices=RateSource.choices, blank=True, default="")
    rate_on = models.DateField(null=True, blank=True)
    # A party's declaration waits for an organiser; only confirmed deals count.
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    # Shown to everyone once the results are published, when an organiser marks it so
    # with the parties' agreement; otherwise only its parties and the organisers see it.
    public = models.BooleanField(_("public"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    declared_by = models.ForeignKey(
        "people.Participant", null=True, blank=True, on_delete=models.SET_NULL, related_name="declared_deals"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expo", "-signed_on", "-id"]
        verbose_name = _("deal")
        verbose_name_plural = _("deals")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0) | Q(amount__isnull=True), name="deal_amount_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(project__isnull=True) | Q(kind="investment_agreement"),
                name="deal_project_only_for_investment_agreement",
            ),
            models.CheckConstraint(
                condition=Q(amount_base__isnull=True) | Q(amount__isnull=False),
                name="deal_converted_only_with_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["expo", "kind", "status"]),
            models.Index(fields=["expo", "currency", "signed_on"]),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_kind_display()} #{self.pk}"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def lacks_rate(self) -> bool:
        return self.amount is not None and self.amount_base is None


class DealParty(models.Model):
    deal = models.ForeignKey(Deal, on_delete=models.CASCADE, related_name="party_links")
    organisation = models.ForeignKey("people.Organisation", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["deal", "position", "id"]
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["deal", "organisation"], name="party_once_per_deal"),
        ]

    def __str__(self) -> str:
        return str(self.organisation)


class ExchangeRate(models.Model):
    """An organiser's rate: one unit of ``currency`` is worth ``rate`` units of the expo's
    base currency from ``valid_from`` until ``valid_until`` (open-ended when empty). It takes
    precedence over the ECB and covers the currencies the ECB does not publish."""

    expo = models.ForeignKey("expos.Expo", on_delete=models.CASCADE, related_name="exchange_rates")
    currency = models.CharField(_("currency"), max_length=3, validators=[currency_code])
    rate = models.DecimalField(
        _("rate"), max_digits=24, decimal_places=12, validators=[StorableDecimalValidator(24, 12)]
    )
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    note = models.CharField(_("source or note"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["expo", "currency", "-valid_from"]
        verbose_name = _("exchange rate")
        verbose_name_plural = _("exchange rates")
        constraints = [
            models.CheckConstraint(condition=Q(rate__gt=0), name="exchange_rate_positive"),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="exchange_rate_period_ordered",
            ),
            models.UniqueConstraint(fields=["expo", "currency", "valid_from"], name="one_rate_per_start"),
        ]

    def __str__(self) -> str:
        return f"{self.currency} {self.rate} ({self.valid_from})"
