"""Publishing an edition's results: from then on the dashboard, the communiqué and the
confirmed deals behind them are public."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.common.permissions import administers_expo, sees_as_organiser
from tradefair.reports.models import ResultsPublication


class ReportsPermissionDenied(DomainError):
    status = 403


def is_published(expo) -> bool:
    cached = getattr(expo, "_results_published", None)
    if cached is None:
        cached = ResultsPublication.objects.filter(expo=expo).exists()
        expo._results_published = cached
    return cached


def can_see_results(user, expo) -> bool:
    """Every organiser follows the results before they are public; viewers too."""
    return sees_as_organiser(user, expo) or is_published(expo)


def publish_results(expo, *, by) -> ResultsPublication:
    # Publishing speaks for the whole committee: an admin's decision.
    if not administers_expo(by, expo):
        raise ReportsPermissionDenied(
            "results_forbidden", _("Only the expo's administrators publish results.")
        )
    with transaction.atomic():
        publication, created = ResultsPublication.objects.get_or_create(
            expo=expo, defaults={"published_at": timezone.now(), "published_by": by}
        )
        if created:
            log_action(expo, "results.published", actor=by)
    expo._results_published = True
    return publication


def withdraw_results(expo, *, by) -> None:
    if not administers_expo(by, expo):
        raise ReportsPermissionDenied(
            "results_forbidden", _("Only the expo's administrators withdraw results.")
        )
    with transaction.atomic():
        deleted, _rows = ResultsPublication.objects.filter(expo=expo).delete()
        if deleted:
            log_action(expo, "results.withdrawn", actor=by)
    expo._results_published = False
