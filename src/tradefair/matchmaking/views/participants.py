"""A participant's matchmaking pages: the home page with recommendations, requests sent
and received, marks, notifications and the matchmaking profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.common.numbers import row_id
from tradefair.common.rate_limits import check_rate
from tradefair.common.regions import country_choices
from tradefair.common.taxonomy import ISIC_SECTIONS
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import sees_as_organiser
from tradefair.matchmaking.domain import profile as profile_actions
from tradefair.matchmaking.domain import requests as request_actions
from tradefair.matchmaking.domain.access import (
    counterpart_in,
)
from tradefair.matchmaking.domain.listing import (
    participant_for_exhibitor,
    recommendations_for,
)
from tradefair.matchmaking.domain.notifications import render_notification
from tradefair.matchmaking.domain.reasons import render_reasons
from tradefair.matchmaking.forms import (
    InterestForm,
    MeetingModeForm,
    OwnClockForm,
    PreferencesForm,
    ProposeForm,
    RequestForm,
)
from tradefair.matchmaking.models import (
    MatchPreferences,
    MeetingMode,
    MeetingRequest,
    Notification,
)
from tradefair.matchmaking.views._shared import _done, _next, _page, _participant
from tradefair.people.models import RegistrationStatus
from tradefair.people.permissions import participant_of, registration_awaiting_review


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
                interpretation=form.cleaned_data["interpretation"],
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
