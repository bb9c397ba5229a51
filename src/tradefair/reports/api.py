from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from tradefair.common.api_support import OptionalTokenAuth
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.reports.domain.publication import ReportsPermissionDenied, can_see_results
from tradefair.reports.domain.results import compute_results

router = Router(tags=["results"])


@router.get(
    "expos/{slug}/results",
    response=dict,
    auth=OptionalTokenAuth(),
    summary="The tradefair-results/1 document: headline figures, their sources and detailed tables",
)
def get_results(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not can_see_results(request.user, expo):
        raise ReportsPermissionDenied(
            "results_unpublished", _("The results of this expo have not been published yet.")
        )
    return compute_results(expo).document()
