from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.common.errors import DomainError, NotFound
from tradefair.common.i18n import localize
from tradefair.common.languages import subscriber_language
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.program.domain import signup as signups
from tradefair.program.domain.ical import calendar_of
from tradefair.program.domain.programme import (
    get_session,
    ical_token,
    participant_for,
    participant_from_ical_token,
    personal_programme,
    programme,
    signing_up_participant,
    signups_of,
)
from tradefair.program.domain.signup import waiting_position
from tradefair.program.models import SignupStatus


def programme_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    participant = participant_for(request.user, expo)
    events = list(programme(expo))
    mine = signups_of(participant)
    return render(
        request,
        "program/programme.html",
        {
            "expo": expo,
            "events": events,
            "participant": participant,
            "mine": mine,
            "login_url": resolve_url(settings.LOGIN_URL),
        },
    )


def my_programme_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    participant = participant_for(request.user, expo)
    entries = []
    if participant is not None:
        entries = [(signup, waiting_position(signup)) for signup in personal_programme(participant)]
    calendar_url = ""
    if participant is not None:
        calendar_url = request.build_absolute_uri(
            reverse("program:personal-ical", args=[expo.slug, ical_token(participant)])
        )
    return render(
        request,
        "program/mine.html",
        {"expo": expo, "participant": participant, "entries": entries, "calendar_url": calendar_url},
    )


def _ical_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def programme_ical(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    sessions = [session for event in programme(expo) for session in event.sessions.all()]
    name = localize(expo.name, expo.languages)
    return _ical_response(
        calendar_of(expo, sessions, name=name, domain=request.get_host()), f"{expo.slug}.ics"
    )


def personal_ical(request, slug: str, token: str):
    expo = get_visible_expo(slug, request.user)
    try:
        participant = participant_from_ical_token(expo, token)
    except NotFound as error:
        raise Http404(error.message) from None
    sessions = [signup.session for signup in personal_programme(participant)]
    with translation.override(subscriber_language(participant)):
        name = _("My programme · %(expo)s") % {"expo": localize(expo.name, expo.languages)}
        content = calendar_of(expo, sessions, name=name, domain=request.get_host())
    return _ical_response(content, f"{expo.slug}-mine.ics")


@require_POST
def signup_action(request, slug: str, pk: int):
    expo = get_visible_expo(slug, request.user)
    if not request.user.is_authenticated:
        return redirect_to_login(reverse("program:programme", args=[expo.slug]))
    try:
        session = get_session(expo, pk)
    except NotFound as error:
        raise Http404(error.message) from None
    try:
        participant = signing_up_participant(request.user, expo)
        if request.POST.get("action") == "cancel":
            signup = signups_of(participant).get(session.pk)
            if signup is None:
                raise DomainError("not_signed_up", _("You are not signed up for this session."))
            signups.cancel_signup(signup, by=request.user)
            messages.success(request, _("Your place has been given up."))
        else:
            signup = signups.sign_up(session, participant=participant, by=request.user)
            if signup.status == SignupStatus.CONFIRMED:
                messages.success(request, _("Your seat is confirmed."))
            else:
                messages.info(
                    request,
                    _("The session is full: you are number %(position)d on the waiting list.")
                    % {"position": waiting_position(signup)},
                )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(reverse("program:programme", args=[expo.slug]) + f"#session-{session.pk}")
