from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from tradefair.common.errors import DomainError, NotFound
from tradefair.common.rate_limits import RateLimited, check_rate
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import operates_expo, sees_as_organiser
from tradefair.people.domain import registration
from tradefair.people.domain.accounts import set_password_path
from tradefair.people.domain.bulk_review import review_many
from tradefair.people.domain.imports import UnreadableFile, check_upload_size, import_file
from tradefair.people.forms import (
    ApplicantForm,
    BulkReviewForm,
    ChangesForm,
    ImportForm,
    MemberFormSet,
    QueueFilterForm,
    ReviewForm,
)
from tradefair.people.models import Participant, RegistrationStatus

PAGE_SIZE = 50
FORM_TITLES = {
    "merchant": gettext_lazy("Register as a merchant"),
    "buyer": gettext_lazy("Register as a buyer"),
    "exhibitor": gettext_lazy("Register as an exhibitor"),
    "investor": gettext_lazy("Register as an investor"),
    "project_owner": gettext_lazy("Register as a project owner"),
    "delegation": gettext_lazy("Register a delegation"),
}


def _organiser_expo(request, slug: str, *, may=operates_expo):
    """The expo, if the user organises it at the level ``may`` asks for (by default
    staff or admin: reviewing and importing change who takes part)."""
    expo = get_visible_expo(slug, request.user)
    if not may(request.user, expo):
        raise PermissionDenied
    return expo


def register_choice(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    return render(
        request,
        "people/register_choice.html",
        {
            "expo": expo,
            "kinds": FORM_TITLES,
            "organiser": sees_as_organiser(request.user, expo),
            "operator": operates_expo(request.user, expo),
        },
    )


def register_form(request, slug: str, kind: str):
    expo = get_visible_expo(slug, request.user)
    if kind not in registration.APPLICATION_ROLES:
        raise Http404
    delegation = kind == "delegation"
    if request.method == "POST":
        try:
            check_rate(request, "registration")
        except RateLimited as error:
            return render(
                request, "common/rate_limited.html", {"expo": expo, "message": error.message}, status=429
            )
    form = ApplicantForm(request.POST or None, initial={"language": request.LANGUAGE_CODE})
    members = MemberFormSet(request.POST or None, prefix="members") if delegation else None
    if request.method == "POST" and form.is_valid() and (members is None or members.is_valid()):
        applicant = form.applicant()
        people = (
            [
                member.applicant(
                    language=applicant.language, arrival=applicant.arrival, departure=applicant.departure
                )
                for member in members
                if member.cleaned_data
            ]
            if delegation
            else []
        )
        try:
            registration.register(
                expo=expo,
                kind=kind,
                applicant=applicant,
                members=people,
                user=request.user if request.user.is_authenticated else None,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return render(request, "people/registered.html", {"expo": expo, "email": applicant.email})
    return render(
        request,
        "people/register_form.html",
        {"expo": expo, "kind": kind, "title": FORM_TITLES[kind], "form": form, "members": members},
        status=400 if request.method == "POST" else 200,
    )


def confirm(request, token: str):
    try:
        participant = registration.confirm_email(token)
    except NotFound as error:
        raise Http404(error.message) from error
    except DomainError as error:
        return render(request, "people/link_problem.html", {"message": error.message}, status=400)
    messages.success(request, _("Thank you: your e-mail address is confirmed."))
    user = participant.user
    if user is not None and user.is_active and not user.has_usable_password():
        # The link proves the address is theirs: the account's password is theirs to choose.
        response = redirect(set_password_path(user, language=participant.language))
    else:
        response = redirect("people:registration", token=registration.registration_token(participant))
    return response


def registration_page(request, token: str):
    """The applicant's own page, reached through the signed link of their e-mails."""
    try:
        participant = registration.participant_from_token(token)
    except NotFound as error:
        raise Http404(error.message) from error
    form = None
    if participant.status == RegistrationStatus.CHANGES_REQUESTED:
        form = ChangesForm(
            request.POST or None,
            initial={
                "name": participant.name,
                "name_latin": participant.name_latin,
                "country": participant.country.code,
                "arrival": participant.arrival,
                "departure": participant.departure,
            },
        )
        if request.method == "POST" and form.is_valid():
            try:
                registration.resubmit(participant, changes=form.applicant())
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Thank you: your registration is back with the organisers."))
                return redirect("people:registration", token=token)
    return render(
        request,
        "people/registration.html",
        {
            "expo": participant.expo,
            "participant": participant,
            "token": token,
            "form": form,
            # The leader hands each member their badge: one signed link per member.
            "members": [
                (member, registration.registration_token(member))
                for member in participant.delegation_members.order_by("id")
            ],
        },
    )


@login_required
def review_queue(request, slug: str):
    expo = _organiser_expo(request, slug, may=sees_as_organiser)
    filter_form = QueueFilterForm(request.GET)
    queue = registration.review_queue(expo, filter_form.filters())
    page = Paginator(queue, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/review_queue.html",
        {
            "expo": expo,
            "page": page,
            "form": ReviewForm(),
            "filter_form": filter_form,
            "bulk_form": BulkReviewForm(),
            "can_review": operates_expo(request.user, expo),
        },
        status=400 if filter_form.errors else 200,
    )


def _queue_address(expo, data) -> str:
    """Back to the queue as the organiser filtered it (only the filters' own fields)."""
    address = reverse("people:review_queue", args=[expo.slug])
    kept = {name: data.get(name) for name in QueueFilterForm.base_fields if data.get(name)}
    if data.get("page", "").isdigit():
        kept["page"] = data["page"]
    return address + ("?" + urlencode(kept) if kept else "")


@login_required
@require_POST
def review_bulk(request, slug: str):
    """One decision for the ticked registrations, or for all the filters find."""
    expo = _organiser_expo(request, slug)
    form = BulkReviewForm(request.POST)
    filter_form = QueueFilterForm(request.POST)
    back = _queue_address(expo, request.POST)
    if not form.is_valid() or filter_form.errors:
        messages.error(request, _("Choose a decision and the registrations it is for."))
        return redirect(back)
    if form.cleaned_data["scope"] == "all":
        ids = list(registration.review_queue(expo, filter_form.filters()).values_list("pk", flat=True))
    else:
        ids = form.cleaned_data["participants"]
    try:
        result = review_many(
            expo,
            participant_ids=ids,
            by=request.user,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(back)
    messages.success(
        request,
        ngettext(
            "%(count)s registration is decided; each applicant is told by e-mail.",
            "%(count)s registrations are decided; each applicant is told by e-mail.",
            result.decided,
        )
        % {"count": intcomma(result.decided)},
    )
    if result.skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)s was no longer waiting for review and is unchanged.",
                "%(count)s were no longer waiting for review and are unchanged.",
                result.skipped,
            )
            % {"count": intcomma(result.skipped)},
        )
    return redirect(back)


@login_required
@require_POST
def review(request, slug: str, participant_id: int):
    expo = _organiser_expo(request, slug)
    participant = get_object_or_404(Participant, pk=participant_id, expo=expo)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a decision."))
        return redirect("people:review_queue", slug=expo.slug)
    decision, note = form.cleaned_data["decision"], form.cleaned_data["note"]
    try:
        if decision == "approve":
            registration.approve(participant, by=request.user)
            messages.success(request, _("%(name)s is approved.") % {"name": participant.name})
        elif decision == "reject":
            registration.reject(participant, by=request.user, reason=note)
            messages.success(request, _("%(name)s is rejected.") % {"name": participant.name})
        else:
            registration.request_changes(participant, by=request.user, message=note)
            messages.success(request, _("%(name)s was asked for changes.") % {"name": participant.name})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(_queue_address(expo, request.POST))


@login_required
def import_page(request, slug: str):
    expo = _organiser_expo(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = error = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            # Refused by its size before a byte is read into memory (issue #19).
            check_upload_size(upload.size, upload.name)
            result = import_file(
                expo=expo,
                data=upload.read(),
                filename=upload.name,
                dry_run=form.cleaned_data["dry_run"],
                by=request.user,
            )
        except UnreadableFile as problem:
            error = str(problem)
    return render(
        request,
        "people/import.html",
        {
            "expo": expo,
            "form": form,
            "result": result,
            "error": error,
            "problems": (result.problems[:500] if result else []),
        },
        status=400 if error or (result and result.problems) else 200,
    )
