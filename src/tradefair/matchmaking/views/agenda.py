"""A participant's agenda: the meetings, their iCal feed, cancelling and outcomes."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.common.formatting import format_time_zone, language_name
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.matchmaking.domain import agenda as agenda_actions
from tradefair.matchmaking.domain import profile as profile_actions
from tradefair.matchmaking.views._shared import _done, _participant
from tradefair.people.models import RegistrationStatus
from tradefair.people.permissions import participant_of


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
