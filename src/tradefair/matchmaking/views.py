"""Matchmaking pages. Each view parses, checks who is asking, calls one domain function
and renders; the API (api.py) calls the same functions."""

import datetime as dt
import gzip
import logging

import orjson
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.common.errors import DomainError
from tradefair.common.formatting import format_time_zone, language_name
from tradefair.common.numbers import row_id
from tradefair.common.rate_limits import check_rate
from tradefair.common.regions import country_choices
from tradefair.common.taxonomy import ISIC_SECTIONS
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import administers_expo, sees_as_organiser
from tradefair.matchmaking.background import launch_recommendations
from tradefair.matchmaking.domain import agenda as agenda_actions
from tradefair.matchmaking.domain import profile as profile_actions
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain import rounds as round_actions
from tradefair.matchmaking.domain.access import (
    counterpart_in,
    require_admin,
    require_organiser,
    require_participant,
)
from tradefair.matchmaking.domain.errors import MatchmakingForbidden
from tradefair.matchmaking.domain.listing import (
    meetings_of_round,
    participant_for_exhibitor,
    recommendations_for,
)
from tradefair.matchmaking.domain.notifications import render_notification
from tradefair.matchmaking.domain.profiles import matchmaking_settings
from tradefair.matchmaking.domain.reasons import render_reasons
from tradefair.matchmaking.domain.report import report_data, report_lines
from tradefair.matchmaking.forms import (
    InterestForm,
    MeetingModeForm,
    OwnClockForm,
    PreferencesForm,
    ProposeForm,
    RequestForm,
    RoundForm,
    SettingsForm,
    UploadForm,
)
from tradefair.matchmaking.models import (
    MatchPreferences,
    Meeting,
    MeetingMode,
    MeetingRequest,
    Notification,
    Round,
)
from tradefair.people.models import RegistrationStatus
from tradefair.people.permissions import participant_of, registration_awaiting_review

PAGE_SIZE = 25
logger = logging.getLogger(__name__)


def _participant(request, expo):
    try:
        return require_participant(request.user, expo)
    except MatchmakingForbidden as error:
        raise PermissionDenied(error.message) from None


def _organiser(request, expo, *, check=require_organiser):
    """Any organiser reads the organisers' side; ``check=require_admin`` for changes."""
    try:
        check(request.user, expo)
    except MatchmakingForbidden as error:
        raise PermissionDenied(error.message) from None


def _page(request, items):
    return Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))


def _next(request, fallback: str) -> str:
    """The page to return to, only if it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def _done(request, url, action, success: str):
    """Run a domain action; a refusal becomes a message on the page it came from."""
    try:
        action()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(url)


@login_required
def home(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    organiser = sees_as_organiser(request.user, expo)
    participant = participant_of(request.user, expo)
    if participant is not None and participant.status != RegistrationStatus.APPROVED:
        # As the API's require_participant: an applicant awaiting review, or one whose
        # registration was cancelled, does not browse the other participants.
        participant = None
    if participant is None and not organiser:
        if registration_awaiting_review(request.user, expo) is not None:
            # Signed in after choosing a password, before the organisers decided: say so,
            # rather than "not allowed".
            return render(request, "matchmaking/awaiting_approval.html", {"expo": expo}, status=403)
        raise PermissionDenied(_("Only participants of this expo take part in matchmaking."))
    country = request.GET.get("country", "")
    pavilion = request.GET.get("pavilion", "")
    sector = request.GET.get("sector", "")
    page = None
    if participant is not None:
        found = recommendations_for(
            participant,
            country=country,
            pavilion=row_id(pavilion),
            sector=sector,
        )
        page = _page(request, found)
        for recommendation in page.object_list:
            recommendation.reason_texts = render_reasons(recommendation.reasons)
    countries = country_choices(expo.participants.values_list("country", flat=True).distinct().order_by())
    return render(
        request,
        "matchmaking/home.html",
        {
            "expo": expo,
            "participant": participant,
            "organiser": organiser,
            "page": page,
            "countries": countries,
            "pavilions": expo.pavilions.order_by("position", "id"),
            "sectors": sorted(ISIC_SECTIONS.items()),
            "selected": {"country": country, "pavilion": pavilion, "sector": sector},
            "unread": Notification.objects.filter(participant=participant, read_at__isnull=True).count()
            if participant
            else 0,
        },
    )


def _send_request(request, participant, **fields):
    check_rate(request, "meeting_request")
    return request_actions.send_request(participant, **fields)


@login_required
def request_exhibitor_meeting(request, slug: str, exhibitor_id: int):
    """The exhibitor page's "Request a meeting": the form for the exhibitor's contact."""
    expo = get_visible_expo(slug, request.user)
    counterpart = participant_for_exhibitor(expo, exhibitor_id)
    return redirect("matchmaking:request_participant", slug=slug, participant_id=counterpart.pk)


@login_required
def request_participant(request, slug: str, participant_id: int):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    counterpart = counterpart_in(expo, participant_id)
    form = RequestForm(request.POST or None, expo=expo)
    if request.method == "POST" and form.is_valid():
        preferred = form.cleaned_data["preferred_start"]
        return _done(
            request,
            reverse("matchmaking:requests", kwargs={"slug": slug}),
            lambda: _send_request(
                request,
                participant,
                recipient=counterpart,
                message=form.cleaned_data["message"],
                preferred_start=preferred,
            ),
            _("Your request was sent to %(name)s.") % {"name": counterpart.name},
        )
    return render(
        request,
        "matchmaking/request_form.html",
        {"expo": expo, "counterpart": counterpart, "form": form},
    )


@login_required
@require_POST
def quick_request(request, slug: str, participant_id: int):
    """One click from a recommendation: a request with no message."""
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    counterpart = counterpart_in(expo, participant_id)
    return _done(
        request,
        _next(request, reverse("matchmaking:home", kwargs={"slug": slug})),
        lambda: _send_request(request, participant, recipient=counterpart),
        _("Your request was sent to %(name)s.") % {"name": counterpart.name},
    )


@login_required
@require_POST
def mark(request, slug: str, participant_id: int):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    target = counterpart_in(expo, participant_id)
    kind = request.POST.get("kind") or None
    return _done(
        request,
        _next(request, reverse("matchmaking:home", kwargs={"slug": slug})),
        lambda: profile_actions.set_mark(participant, target=target, kind=kind),
        _("Saved."),
    )


@login_required
def requests_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    page = _page(request, request_actions.requests_of(participant))
    return render(
        request,
        "matchmaking/requests.html",
        {"expo": expo, "participant": participant, "page": page, "propose_form": ProposeForm(expo=expo)},
    )


@login_required
@require_POST
def request_action(request, slug: str, pk: int, action: str):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    found = MeetingRequest.objects.filter(
        Q(sender=participant) | Q(recipient=participant), expo=expo, pk=pk
    ).first()
    if found is None:
        raise Http404(_("No such request."))
    back = reverse("matchmaking:requests", kwargs={"slug": slug})
    if action == "accept":
        return _done(
            request, back, lambda: request_actions.accept_request(found, by=participant), _("Accepted.")
        )
    if action == "decline":
        reply = request.POST.get("reply", "")
        return _done(
            request,
            back,
            lambda: request_actions.decline_request(found, by=participant, reply=reply),
            _("Declined."),
        )
    if action == "withdraw":
        return _done(
            request, back, lambda: request_actions.withdraw_request(found, by=participant), _("Withdrawn.")
        )
    if action == "propose":
        form = ProposeForm(request.POST, expo=expo)
        if not form.is_valid():
            messages.error(request, _("Give the time you propose."))
            return redirect(back)
        start = form.cleaned_data["start"]
        return _done(
            request,
            back,
            lambda: request_actions.propose_time(
                found, by=participant, start=start, reply=form.cleaned_data["reply"]
            ),
            _("Your proposal was sent."),
        )
    raise Http404(_("Unknown action."))


@login_required
def agenda(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    meetings = list(agenda_actions.agenda_of(participant))
    own_zone = profile_actions.own_zone(participant)
    for meeting in meetings:
        meeting.them = meeting.other(participant.pk)
        meeting.contact = agenda_actions.contact_of(meeting, viewer=participant)
        meeting.languages = ", ".join(language_name(code) for code in meeting.them.languages or [])
    feed = request.build_absolute_uri(
        reverse("matchmaking:agenda_ical", kwargs={"slug": slug})
        + "?token="
        + agenda_actions.feed_token(participant)
    )
    return render(
        request,
        "matchmaking/agenda.html",
        {
            "expo": expo,
            "participant": participant,
            "meetings": meetings,
            "feed": feed,
            "now": timezone.now(),
            "own_zone": own_zone,
            "own_zone_label": format_time_zone(own_zone, at=meetings[0].slot.starts_at if meetings else None)
            if own_zone
            else "",
        },
    )


def agenda_ical(request, slug: str):
    """The agenda as iCal: with the personal token for calendar programs, or the session."""
    expo = get_visible_expo(slug, request.user)
    token = request.GET.get("token")
    participant = (
        agenda_actions.participant_for_feed(token, expo) if token else participant_of(request.user, expo)
    )
    if participant is not None and participant.status != RegistrationStatus.APPROVED:
        participant = None
    if participant is None:
        raise PermissionDenied(_("This calendar link is not valid."))
    response = HttpResponse(
        agenda_actions.ical_feed(participant), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{slug}-meetings.ics"'
    return response


@login_required
@require_POST
def meeting_action(request, slug: str, pk: int, action: str):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    meeting = agenda_actions.meeting_of(participant, pk)
    back = reverse("matchmaking:agenda", kwargs={"slug": slug})
    if action == "cancel":
        return _done(
            request,
            back,
            lambda: agenda_actions.cancel_meeting(
                meeting, by=participant, reason=request.POST.get("reason", "")
            ),
            _("The meeting was cancelled and %(name)s was told.")
            % {"name": meeting.other(participant.pk).name},
        )
    if action == "outcome":
        return _done(
            request,
            back,
            lambda: agenda_actions.record_outcome(
                meeting,
                by=participant,
                outcome=request.POST.get("outcome", ""),
                note=request.POST.get("note", ""),
            ),
            _("Outcome recorded."),
        )
    raise Http404(_("Unknown action."))


@login_required
def notifications(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    page = _page(request, Notification.objects.filter(participant=participant))
    for notice in page.object_list:
        notice.text = render_notification(notice.kind, notice.params)
    Notification.objects.filter(pk__in=[n.pk for n in page.object_list], read_at__isnull=True).update(
        read_at=timezone.now()
    )
    return render(request, "matchmaking/notifications.html", {"expo": expo, "page": page})


# Organisers


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


@login_required
def profile(request, slug: str):
    """What I offer and need, whom I do not want to meet, and how I take part in meetings
    (on site, online, either); every change of the first two refreshes my recommendations
    and my counterparts'."""
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    back = reverse("matchmaking:profile", kwargs={"slug": slug})
    preferences = MatchPreferences.objects.filter(participant=participant).first()
    interest_form = InterestForm(request.POST if request.POST.get("form") == "interest" else None)
    preferences_form = PreferencesForm(
        request.POST if request.POST.get("form") == "preferences" else None,
        initial={
            "excluded_countries": ", ".join(preferences.excluded_countries) if preferences else "",
            "excluded_sectors": preferences.excluded_sectors if preferences else [],
        },
    )
    mode_form = MeetingModeForm(
        request.POST if request.POST.get("form") == "mode" else None,
        initial={"meeting_mode": preferences.meeting_mode if preferences else MeetingMode.ONSITE},
    )
    clock_form = OwnClockForm(
        request.POST if request.POST.get("form") == "clock" else None,
        initial={
            "time_zone": preferences.time_zone if preferences else "",
            "hours_from": preferences.local_hours_from if preferences else None,
            "hours_until": preferences.local_hours_until if preferences else None,
        },
    )
    if request.method == "POST":
        form_name = request.POST.get("form")
        if form_name == "clock" and clock_form.is_valid():
            data = clock_form.cleaned_data
            return _done(
                request,
                back,
                lambda: profile_actions.set_own_clock(
                    participant,
                    time_zone=data["time_zone"],
                    hours_from=data["hours_from"],
                    hours_until=data["hours_until"],
                ),
                _("Saved; your agenda shows your own time, and the next run of a round keeps to your hours."),
            )
        if form_name == "mode" and mode_form.is_valid():
            mode = mode_form.cleaned_data["meeting_mode"]
            return _done(
                request,
                back,
                lambda: profile_actions.set_meeting_mode(participant, mode=mode),
                _("Saved; the next run of a round meets you this way."),
            )
        if form_name == "interest" and interest_form.is_valid():
            data = interest_form.cleaned_data
            return _done(
                request,
                back,
                lambda: profile_actions.add_interest(
                    participant,
                    kind=data["kind"],
                    hs_code=data["hs_code"],
                    isic_section=data["isic_section"],
                    text=data["text"],
                ),
                _("Saved; your recommendations were refreshed."),
            )
        if form_name == "remove":
            kind, pk = request.POST.get("kind", ""), request.POST.get("pk", "")
            return _done(
                request,
                back,
                lambda: profile_actions.remove_interest(participant, kind=kind, interest_id=row_id(pk) or 0),
                _("Removed; your recommendations were refreshed."),
            )
        if form_name == "preferences" and preferences_form.is_valid():
            data = preferences_form.cleaned_data
            return _done(
                request,
                back,
                lambda: profile_actions.set_preferences(
                    participant,
                    excluded_countries=data["excluded_countries"],
                    excluded_sectors=data["excluded_sectors"],
                ),
                _("Saved; your recommendations were refreshed."),
            )
    return render(
        request,
        "matchmaking/profile.html",
        {
            "expo": expo,
            "offers": participant.offers.all(),
            "needs": participant.needs.all(),
            "interest_form": interest_form,
            "preferences_form": preferences_form,
            "mode_form": mode_form,
            "clock_form": clock_form,
        },
    )
