from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from tradefair.common.api_support import OptionalTokenAuth
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import sees_as_organiser
from tradefair.reports.domain.publication import (
    ReportsPermissionDenied,
    can_see_results,
    publication_block,
    published_results,
)
from tradefair.reports.domain.results import compute_results

router = Router(tags=["results"])


@router.get(
    "expos/{slug}/results",
    response=dict,
    auth=OptionalTokenAuth(),
    summary="The tradefair-results/1 document: headline figures, their sources and detailed tables",
    description=(
        "Once the results are published: the current publication's frozen snapshot, with "
        "`publication` (its number, time and the update history). Organisers also read the "
        "live figures, before publication or with `live=true`."
    ),
)
def get_results(request: HttpRequest, slug: str, live: bool = False):
    expo = get_visible_expo(slug, request.user)
    if not can_see_results(request.user, expo):
        raise ReportsPermissionDenied(
            "results_unpublished", _("The results of this expo have not been published yet.")
        )
    published = published_results(expo)
    if published is not None and not (live and sees_as_organiser(request.user, expo)):
        return published.document() | {"publication": publication_block(expo)}
    return compute_results(expo).document()
