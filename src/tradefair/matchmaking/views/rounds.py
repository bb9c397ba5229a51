"""The organisers' matchmaking pages: the rounds (open, run, publish, pin, upload, files)
and the expo's matchmaking rules."""

import datetime as dt
import gzip

import orjson
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.common.errors import DomainError
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import administers_expo
from tradefair.matchmaking.background import launch_recommendations
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.access import (
    require_admin,
    require_organiser,
)
from tradefair.matchmaking.domain.listing import (
    meetings_of_round,
)
from tradefair.matchmaking.domain.profiles import matchmaking_settings
from tradefair.matchmaking.domain.report import report_data, report_lines
from tradefair.matchmaking.forms import (
    RoundForm,
    SettingsForm,
    UploadForm,
)
from tradefair.matchmaking.models import (
    Meeting,
    Round,
)
from tradefair.matchmaking.views._shared import (
    _done,
    _next,
    _organiser,
    _page,
)


@login_required
def rounds(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _organiser(request, expo)
    if request.method == "POST":
        _organiser(request, expo, check=require_admin)
    expo_days = [expo.starts + dt.timedelta(days=i) for i in range((expo.ends - expo.starts).days + 1)]
    form = RoundForm(request.POST or None, initial={"days": ", ".join(map(str, expo_days))})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        breaks = (
            [(data["break_starts"], data["break_ends"])]
            if data["break_starts"] and data["break_ends"]
            else []
        )
        try:
            created = round_actions.create_round(
                expo,
                name=data["name"],
                days=data["days"],
                day_starts=data["day_starts"],
                day_ends=data["day_ends"],
                slot_minutes=data["slot_minutes"],
                breaks=breaks,
                tables=data["tables"],
                online_rooms=data["online_rooms"] or 0,
                roles=data["roles"],
                max_meetings=data["max_meetings"],
                min_meetings=data["min_meetings"],
                time_limit=data["time_limit"],
                follow_ups=data["follow_ups"],
                by=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect("matchmaking:round", slug=slug, pk=created.pk)
    page = _page(request, Round.objects.filter(expo=expo).order_by("-id"))
    return render(
        request,
        "matchmaking/rounds.html",
        {"expo": expo, "page": page, "form": form, "can_run": administers_expo(request.user, expo)},
    )


def _round(request, slug: str, pk: int, *, check=require_organiser):
    expo = get_visible_expo(slug, request.user)
    _organiser(request, expo, check=check)
    found = Round.objects.filter(expo=expo, pk=pk).first()
    if found is None:
        raise Http404(_("No such round."))
    return expo, found


@login_required
def round_page(request, slug: str, pk: int):
    expo, round_ = _round(request, slug, pk)
    page = _page(request, meetings_of_round(round_, query=request.GET.get("q", "")))
    return render(
        request,
        "matchmaking/round.html",
        {
            "expo": expo,
            "round": round_,
            "page": page,
            "slots": round_.slots.count(),
            "lines": report_lines(round_) if round_.report else [],
            "report": report_data(round_) if round_.report else None,
            "upload_form": UploadForm(),
            "can_run": administers_expo(request.user, expo),
        },
    )


@login_required
@require_POST
def round_action(request, slug: str, pk: int, action: str):
    expo, round_ = _round(request, slug, pk, check=require_admin)
    back = reverse("matchmaking:round", kwargs={"slug": slug, "pk": pk})
    if action == "run":
        return _done(
            request,
            back,
            lambda: round_actions.schedule_round(round_, by=request.user),
            _("The round is being scheduled; this page shows the progress."),
        )
    if action == "publish":
        return _done(
            request, back, lambda: round_actions.publish_round(round_, by=request.user), _("Published.")
        )
    if action == "upload":
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            messages.error(request, _("Choose a schedule file."))
            return redirect(back)
        raw = form.cleaned_data["schedule"].read()
        try:
            data = orjson.loads(gzip.decompress(raw) if raw[:2] == b"\x1f\x8b" else raw)
        except (orjson.JSONDecodeError, OSError, EOFError):
            messages.error(request, _("This file is not JSON."))
            return redirect(back)
        return _done(
            request,
            back,
            lambda: round_actions.upload_schedule(round_, data, by=request.user),
            _("Schedule stored."),
        )
    raise Http404(_("Unknown action."))


@login_required
def round_file(request, slug: str, pk: int, kind: str):
    _expo, round_ = _round(request, slug, pk)
    if kind == "instance":
        blob = round_.instance_gz or round_actions.compress(round_actions.build_instance(round_).data)
    elif kind == "schedule" and round_.schedule_gz:
        blob = round_.schedule_gz
    else:
        raise Http404(_("This round has no schedule yet."))
    response = HttpResponse(bytes(blob), content_type="application/gzip")
    response["Content-Disposition"] = f'attachment; filename="{slug}-round-{pk}-{kind}.json.gz"'
    return response


@login_required
@require_POST
def pin(request, slug: str, pk: int):
    expo = get_visible_expo(slug, request.user)
    _organiser(request, expo, check=require_admin)
    meeting = Meeting.objects.filter(round__expo=expo, pk=pk).first()
    if meeting is None:
        raise Http404(_("No such meeting."))
    pinned = request.POST.get("pinned") == "1"
    return _done(
        request,
        _next(request, reverse("matchmaking:round", kwargs={"slug": slug, "pk": meeting.round_id})),
        lambda: round_actions.pin_meeting(meeting, pinned=pinned, by=request.user),
        _("Pinned.") if pinned else _("Unpinned."),
    )


@login_required
def settings_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _organiser(request, expo)
    form = SettingsForm(request.POST or None, instance=matchmaking_settings(expo))
    if request.method == "POST":
        _organiser(request, expo, check=require_admin)
        if request.POST.get("recompute"):
            try:
                launch_recommendations(expo.pk)
            except DomainError as error:
                messages.error(request, error.message)
                return redirect("matchmaking:settings", slug=slug)
            messages.success(request, _("Recommendations are being computed for every participant."))
            return redirect("matchmaking:settings", slug=slug)
        if form.is_valid():
            form.save()
            messages.success(request, _("Settings saved. Recompute the recommendations to apply them."))
            return redirect("matchmaking:settings", slug=slug)
    return render(
        request,
        "matchmaking/settings.html",
        {"expo": expo, "form": form, "can_change": administers_expo(request.user, expo)},
    )
