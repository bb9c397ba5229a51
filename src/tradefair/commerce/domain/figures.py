"""The dashboard's exhibitor sales: space sold per pavilion (m² and share of what the
pavilion's booths offer) and the revenue invoiced and paid. Reports calls this; it sits
above commerce in the layers."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum

from tradefair.commerce.models import Invoice, Order, OrderStatus, Payment
from tradefair.common.i18n import localize
from tradefair.expos.models import Booth


@dataclass(frozen=True)
class PavilionSpace:
    pavilion: str
    sold_m2: Decimal
    offered_m2: Decimal

    @property
    def share(self) -> Decimal | None:
        if not self.offered_m2:
            return None
        return (self.sold_m2 * 100 / self.offered_m2).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class SalesFigures:
    currency: str
    pavilions: list[PavilionSpace]
    sold_m2: Decimal
    invoiced: Decimal
    paid: Decimal
    orders: int
    orders_paid: int

    @property
    def outstanding(self) -> Decimal:
        return self.invoiced - self.paid


def sales_figures(expo) -> SalesFigures:
    """Space sold counts the orders that stand (awaiting payment or paid); invoiced is
    net of credit notes (their totals are negative); paid sums the payments received."""
    standing = Order.objects.filter(expo=expo, status__in=[OrderStatus.OPEN, OrderStatus.PAID])
    sold_by_pavilion = {
        row["application__pavilion"]: row["m2"] or Decimal(0)
        for row in standing.values("application__pavilion").annotate(m2=Sum("application__area_m2"))
    }
    offered = {
        row["pavilion"]: row["m2"] or Decimal(0)
        for row in Booth.objects.filter(hall__expo=expo).values("pavilion").annotate(m2=Sum("area_m2"))
    }
    languages = list(expo.languages)
    pavilions = []
    for pavilion in expo.pavilions.all():
        pavilions.append(
            PavilionSpace(
                localize(pavilion.name, languages),
                sold_by_pavilion.get(pavilion.pk, Decimal(0)),
                offered.get(pavilion.pk, Decimal(0)),
            )
        )
    if sold_by_pavilion.get(None):
        pavilions.append(PavilionSpace("—", sold_by_pavilion[None], offered.get(None, Decimal(0))))
    invoiced = Invoice.objects.filter(expo=expo).aggregate(total=Sum("gross_total"))["total"] or Decimal(
        "0.00"
    )
    paid = Payment.objects.filter(order__expo=expo).aggregate(total=Sum("amount"))["total"] or Decimal("0.00")
    return SalesFigures(
        currency=expo.base_currency,
        pavilions=pavilions,
        sold_m2=sum((row.sold_m2 for row in pavilions), Decimal(0)),
        invoiced=invoiced,
        paid=paid,
        orders=standing.count(),
        orders_paid=standing.filter(status=OrderStatus.PAID).count(),
    )
