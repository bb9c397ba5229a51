"""Which deals the public sees one by one. A deal's amount is its parties' business: the
public reads the totals of the published results, and an individual deal only when an
organiser marks it public (having the parties' agreement, as for a deal announced at a
signing ceremony), and only once the results are published (access.deals_visible_to)."""

from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.deals.domain.errors import DealError, DealPermissionDenied
from tradefair.deals.models import Deal
from tradefair.expos.permissions import operates_expo


def set_deal_public(deal: Deal, *, public: bool, by) -> Deal:
    if not operates_expo(by, deal.expo):
        raise DealPermissionDenied(
            "deal_forbidden", _("Only the expo's organisers decide which deals are public.")
        )
    with transaction.atomic():
        deal = Deal.objects.select_for_update(of=("self",)).select_related("expo").get(pk=deal.pk)
        if public and deal.confirmed_at is None:
            raise DealError("deal_unconfirmed", _("Confirm the deal before making it public."))
        if deal.public != public:
            deal.public = public
            deal.save(update_fields=["public"])
            log_action(deal, "deal.made_public" if public else "deal.made_private", actor=by)
    return deal
