"""The exhibitor's leads page: its team, the requests and the meetings of its people."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.matchmaking.domain.leads import exhibitor_for_leads, meetings_of, requests_of, team_of

PAGE_SIZE = 50


@login_required
def leads_page(request, slug: str, exhibitor_id: int):
    expo = get_visible_expo(slug, request.user)
    exhibitor = exhibitor_for_leads(expo, exhibitor_id, request.user)
    organisation_id = exhibitor.organisation_id
    return render(
        request,
        "matchmaking/leads.html",
        {
            "expo": expo,
            "exhibitor": exhibitor,
            "organisation_id": organisation_id,
            "team": team_of(exhibitor),
            "requests": Paginator(requests_of(exhibitor), PAGE_SIZE).get_page(request.GET.get("page")),
            "meetings": Paginator(meetings_of(exhibitor), PAGE_SIZE).get_page(request.GET.get("meetings")),
        },
    )
