from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, When
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.common.errors import DomainError, NotFound
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import administers_expo, operates_expo
from tradefair.onsite.domain import badges as badge_actions
from tradefair.onsite.domain import letters as letter_actions
from tradefair.onsite.domain.checkin import may_check_in, sees_entrance
from tradefair.onsite.domain.figures import entrance_figures
from tradefair.onsite.forms import LetterForm, LetterSettingsForm, PrintForm, RevokeForm
from tradefair.onsite.models import BadgeFormat, InvitationLetter, LetterStatus
from tradefair.people.domain.registration import participant_from_token
from tradefair.people.models import Participant, RegistrationStatus

PAGE_SIZE = 50


def _participant(token: str) -> Participant:
    try:
        return participant_from_token(token)
    except NotFound as error:
        raise Http404(error.message) from error


def _organiser_expo(request, slug: str):
    """The expo, for staff and admin organisers: badges and letters are paperwork on
    people's personal data (a letter holds a passport number), not reading."""
    expo = get_visible_expo(slug, request.user)
    if not operates_expo(request.user, expo):
        raise PermissionDenied
    return expo


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def own_badge(request, token: str):
    """The holder's badge, reached through the signed link of their registration."""
    participant = _participant(token)
    fmt = request.GET.get("format", BadgeFormat.A6)
    if fmt not in BadgeFormat.values:
        fmt = BadgeFormat.A6
    try:
        badge = badge_actions.issue_badge(participant)
    except DomainError as error:
        return render(request, "people/link_problem.html", {"message": error.message}, status=400)
    participant = (
        Participant.objects.select_related("organisation", "expo")
        .prefetch_related("roles")
        .get(pk=participant.pk)
    )
    contents = badge_actions.badge_contents(participant.expo, [participant], {participant.pk: badge})
    return _pdf(badge_actions.render_badges(contents, fmt=fmt), f"badge-{participant.pk}-{fmt}.pdf")


def letter_request(request, token: str):
    participant = _participant(token)
    form = LetterForm(
        request.POST or None,
        initial={
            "nationality": participant.country.code,
            "stay_from": participant.arrival or participant.expo.starts,
            "stay_until": participant.departure or participant.expo.ends,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            letter = letter_actions.request_letter(participant, **form.cleaned_data)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if letter.status == LetterStatus.ISSUED:
                messages.success(request, _("Your invitation letter is ready."))
            else:
                messages.success(
                    request,
                    _(
                        "Your request is sent. The organisers check it and issue the letter; "
                        "you will get an e-mail."
                    ),
                )
            return redirect("people:registration", token=token)
    return render(
        request,
        "onsite/letter_request.html",
        {"expo": participant.expo, "participant": participant, "form": form, "token": token},
        status=400 if request.method == "POST" else 200,
    )


def own_letter(request, token: str):
    participant = _participant(token)
    letter = participant.invitation_letters.filter(
        status=LetterStatus.ISSUED, revoked_at__isnull=True
    ).first()
    if letter is None:
        raise Http404(_("You have no valid invitation letter."))
    return _pdf(letter_actions.render_letter(letter), f"invitation-{participant.pk}.pdf")


def verify_letter(request, token: str):
    """Public: anyone holding the letter (an embassy) can check it. Shows the name and
    whether the letter is valid, nothing else that is personal."""
    try:
        letter = letter_actions.letter_from_token(token)
    except NotFound as error:
        return render(request, "onsite/verify_letter.html", {"problem": error.message}, status=404)
    participant = letter.participant
    # A letter stops vouching for anyone whose registration was later withdrawn.
    valid = letter.is_valid and participant.status == RegistrationStatus.APPROVED
    return render(
        request,
        "onsite/verify_letter.html",
        {"letter": letter, "participant": participant, "expo": participant.expo, "valid": valid},
    )


@login_required
def check_in_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not may_check_in(request.user, expo):
        raise PermissionDenied
    return render(request, "onsite/check_in.html", {"expo": expo, "gate": request.GET.get("gate", "")})


@login_required
def entrance_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not sees_entrance(request.user, expo):
        raise PermissionDenied
    return render(request, "onsite/entrance.html", {"expo": expo, "figures": entrance_figures(expo)})


@login_required
def badges_page(request, slug: str):
    expo = _organiser_expo(request, slug)
    query = request.GET.get("q", "").strip()
    participants = Participant.objects.none()
    if query:
        participants = (
            Participant.objects.filter(expo=expo, name__icontains=query)
            .select_related("organisation")
            .order_by("name", "id")
        )
    page = Paginator(participants, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "onsite/badges.html",
        {"expo": expo, "form": PrintForm(), "page": page, "query": query, "revoke_form": RevokeForm()},
    )


@login_required
def print_badges(request, slug: str):
    """The badges of a filtered set (or everyone): one PDF when they fit in one batch,
    else a ZIP of PDFs streamed batch by batch while later ones are still being drawn.
    The same domain functions as ``tradefair print-badges``."""
    expo = _organiser_expo(request, slug)
    form = PrintForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Check the printing options."))
        return redirect("onsite:badges", slug=expo.slug)
    data = form.cleaned_data
    try:
        printed = badge_actions.print_badges(
            expo,
            by=request.user,
            fmt=data["format"],
            role=data["role"],
            country=data["country"],
            name=data["name"],
            batch=data["batch"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("onsite:badges", slug=expo.slug)
    return printed_response(printed)


def printed_response(printed: badge_actions.PrintedBadges):
    """A printed set as a download: the PDF, or the ZIP streamed batch by batch."""
    if printed.pdf is not None:
        response = _pdf(printed.pdf, printed.filename)
    else:
        response = StreamingHttpResponse(printed.zip_parts, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{printed.filename}"'
    return response


@login_required
def organiser_badge(request, slug: str, participant_id: int):
    """One participant's badge, for the badge desk."""
    expo = _organiser_expo(request, slug)
    participant = get_object_or_404(
        Participant.objects.select_related("organisation").prefetch_related("roles"),
        pk=participant_id,
        expo=expo,
    )
    fmt = request.GET.get("format", BadgeFormat.A6)
    if fmt not in BadgeFormat.values:
        fmt = BadgeFormat.A6
    try:
        badge = badge_actions.issue_badge(participant, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(f"{reverse('onsite:badges', args=[expo.slug])}?q={quote(participant.name)}")
    contents = badge_actions.badge_contents(expo, [participant], {participant.pk: badge})
    return _pdf(badge_actions.render_badges(contents, fmt=fmt), f"badge-{participant.pk}-{fmt}.pdf")


@login_required
@require_POST
def reissue_badge(request, slug: str, participant_id: int):
    expo = _organiser_expo(request, slug)
    participant = get_object_or_404(Participant, pk=participant_id, expo=expo)
    form = RevokeForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    try:
        badge_actions.reissue_badge(participant, by=request.user, reason=reason)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("A new badge is issued to %(name)s; the old one is refused at the gates.")
            % {"name": participant.name},
        )
    return redirect(f"{reverse('onsite:badges', args=[expo.slug])}?q={quote(participant.name)}")


@login_required
def letters_page(request, slug: str):
    """Requests waiting for a decision first, then every letter; ``?status=`` narrows."""
    expo = _organiser_expo(request, slug)
    status = request.GET.get("status", "")
    letters = InvitationLetter.objects.filter(participant__expo=expo).select_related("participant")
    counts = dict(letters.values_list("status").annotate(count=Count("id")).values_list("status", "count"))
    if status in LetterStatus.values:
        letters = letters.filter(status=status)
    else:
        status = ""
    waiting_first = Case(When(status=LetterStatus.PENDING, then=0), default=1)
    letters = letters.order_by(waiting_first, "-requested_at", "-id")
    page = Paginator(letters, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "onsite/letters.html",
        {
            "expo": expo,
            "page": page,
            "form": RevokeForm(),
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in LetterStatus.choices],
            "waiting": counts.get(LetterStatus.PENDING, 0),
            "settings_form": LetterSettingsForm(
                initial={"issue_automatically": letter_actions.issues_automatically(expo)}
            ),
            "can_set": administers_expo(request.user, expo),
        },
    )


def _letter_of(expo, letter_id: int) -> InvitationLetter:
    return get_object_or_404(
        InvitationLetter.objects.select_related("participant__expo"), pk=letter_id, participant__expo=expo
    )


@login_required
@require_POST
def approve_letter(request, slug: str, letter_id: int):
    expo = _organiser_expo(request, slug)
    letter = _letter_of(expo, letter_id)
    try:
        letter_actions.approve_letter(letter, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The letter for %(name)s is issued; they are told by e-mail.")
            % {"name": letter.participant.name},
        )
    return redirect("onsite:letters", slug=expo.slug)


@login_required
@require_POST
def reject_letter(request, slug: str, letter_id: int):
    expo = _organiser_expo(request, slug)
    letter = _letter_of(expo, letter_id)
    form = RevokeForm(request.POST)
    try:
        letter_actions.reject_letter(
            letter, by=request.user, reason=form.cleaned_data["reason"] if form.is_valid() else ""
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The request of %(name)s is turned down; they are told why by e-mail.")
            % {"name": letter.participant.name},
        )
    return redirect("onsite:letters", slug=expo.slug)


@login_required
@require_POST
def letter_settings(request, slug: str):
    expo = _organiser_expo(request, slug)
    form = LetterSettingsForm(request.POST)
    form.is_valid()
    try:
        changed = letter_actions.set_automatic_letters(
            expo, automatic=form.cleaned_data.get("issue_automatically", False), by=request.user
        )
    except DomainError as error:
        raise PermissionDenied(error.message) from error
    if changed:
        messages.success(request, _("The settings are saved."))
    else:
        messages.info(request, _("Nothing changed."))
    return redirect("onsite:letters", slug=expo.slug)


@login_required
def organiser_letter(request, slug: str, letter_id: int):
    expo = _organiser_expo(request, slug)
    letter = _letter_of(expo, letter_id)
    return _pdf(letter_actions.render_letter(letter), f"invitation-{letter.participant_id}.pdf")


@login_required
@require_POST
def revoke_letter(request, slug: str, letter_id: int):
    expo = _organiser_expo(request, slug)
    letter = get_object_or_404(InvitationLetter, pk=letter_id, participant__expo=expo)
    form = RevokeForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError("reason_required", _("Say why the letter is revoked."))
        letter_actions.revoke_letter(letter, by=request.user, reason=form.cleaned_data["reason"])
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The letter is revoked; its verification page says so."))
    return redirect("onsite:letters", slug=expo.slug)
