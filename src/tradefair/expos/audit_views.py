"""The expo's audit log page: who did what, for its organisers of every level."""

from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render

from tradefair.common.spreadsheets import csv_lines
from tradefair.expos.domain.audit_log import audit_entries
from tradefair.expos.domain.visibility import get_visible_expo


def audit_log(request, slug: str):
    """An organiser's view of who did what; ``?format=csv`` exports the filtered log."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    expo = get_visible_expo(slug, request.user)
    action = request.GET.get("action", "").strip()
    entries = audit_entries(expo, viewer=request.user, action=action)
    if request.GET.get("format") == "csv":
        rows = (
            [
                e.created_at.isoformat(),
                e.actor.username if e.actor else "",
                e.action,
                e.object_type,
                e.object_id,
                e.data,
            ]
            for e in entries.iterator(chunk_size=2000)
        )
        response = StreamingHttpResponse(
            csv_lines(["time", "actor", "action", "object_type", "object_id", "data"], rows),
            content_type="text/csv",
        )
        response["Content-Disposition"] = f'attachment; filename="{expo.slug}-audit.csv"'
        return response
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "expos/audit_log.html", {"expo": expo, "page": page, "action": action})
