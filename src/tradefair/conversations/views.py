"""Conversation pages: the list, a thread, writing to a person or a team, blocking,
reporting, the meeting request, and the organisers' report queue and settings. Each
view parses, checks who asks, calls one domain function and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from tradefair.catalog.models import Exhibitor
from tradefair.common.errors import DomainError
from tradefair.common.i18n import localize
from tradefair.common.rate_limits import RateLimited, check_rate
from tradefair.conversations.domain.access import (
    display_name,
    get_conversation,
    is_starter_side,
    other_side,
    title_for,
)
from tradefair.conversations.domain.attachments import MAX_PER_MESSAGE, MAX_SIZE, Upload
from tradefair.conversations.domain.errors import ConversationNotFound
from tradefair.conversations.domain.meetings import request_meeting
from tradefair.conversations.domain.messaging import (
    get_attachment,
    mark_read,
    messages_of,
    search_conversations,
    send_message,
    start_conversation,
)
from tradefair.conversations.domain.rules import conversation_settings, update_settings
from tradefair.conversations.domain.safety import (
    DECISIONS,
    block_participant,
    blocked_by,
    get_report,
    report_message,
    report_queue,
    review_report,
    unblock_participant,
)
from tradefair.conversations.forms import MeetingForm, MessageForm, ReportForm, SettingsForm
from tradefair.conversations.models import Message, ReportStatus
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.permissions import administers_expo, operates_expo, sees_as_organiser
from tradefair.people.models import Participant, RegistrationStatus
from tradefair.people.permissions import participant_of

LIST_PAGE = 20
THREAD_PAGE = 50
MAX_ID = 2**63 - 1


def _participant(request, expo) -> Participant:
    participant = participant_of(request.user, expo)
    if participant is None:
        raise PermissionDenied(_("Only approved participants of this expo take part in conversations."))
    return participant


def _conversation(participant, pk: int):
    try:
        return get_conversation(participant, pk)
    except ConversationNotFound as error:
        raise Http404(error.message) from None


def _in_conversation(request, slug: str, pk: int):
    """Every thread page starts the same way: the expo as this user may see it, their
    participation in it, and a conversation they are a side of (404 otherwise, so that
    other people's thread numbers tell nothing)."""
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    return expo, participant, _conversation(participant, pk)


def _rate_limited(request, error: RateLimited):
    return render(request, "common/rate_limited.html", {"message": error.message}, status=429)


def _thread_url(conversation) -> str:
    return reverse("conversations:thread", kwargs={"slug": conversation.expo.slug, "pk": conversation.pk})


def _uploads(request) -> list[Upload]:
    files = request.FILES.getlist("attachments")
    if len(files) > MAX_PER_MESSAGE:
        return [Upload(name=item.name, content_type="", data=b"") for item in files]  # refused whole
    uploads = []
    for item in files:
        # Read one byte past the limit at most: the check refuses it without holding more.
        data = item.read(MAX_SIZE + 1)
        uploads.append(Upload(name=item.name, content_type=item.content_type or "", data=data))
    return uploads


def _int(value, default: int = 0) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if 0 <= number <= MAX_ID else default


@login_required
def conversation_list(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    query = request.GET.get("q", "")
    page = Paginator(search_conversations(participant, query), LIST_PAGE).get_page(request.GET.get("page"))
    rows = [(item, title_for(item, participant)) for item in page.object_list]
    return render(
        request,
        "conversations/list.html",
        {"expo": expo, "participant": participant, "page": page, "rows": rows, "query": query},
    )


def _shown(messages_list, conversation, participant) -> list[dict]:
    """What a page shows of each message: who wrote it, for which side, in which language."""
    team = ""
    if conversation.exhibitor_id:
        organisation = conversation.exhibitor.organisation
        team = localize(organisation.name, conversation.expo.languages) or organisation.legal_name
    return [
        {
            "message": message,
            "sender": display_name(message.sender),
            "mine": message.sender_id == participant.pk,
            "team": team if message.sender_id != conversation.starter_id else "",
        }
        for message in messages_list
    ]


@login_required
def thread(request, slug: str, pk: int):
    """The conversation, its latest page by default; POST writes in it."""
    expo, participant, conversation = _in_conversation(request, slug, pk)
    form = MessageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_rate(request, "message")
            send_message(
                conversation,
                sender=participant,
                body=form.cleaned_data["body"],
                language=get_language(),
                attachments=_uploads(request),
            )
        except RateLimited as error:
            return _rate_limited(request, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect(_thread_url(conversation) + "#last")
    paginator = Paginator(messages_of(conversation), THREAD_PAGE)
    page = paginator.get_page(request.GET.get("page") or paginator.num_pages)
    shown = list(page.object_list)
    if shown and page.number == paginator.num_pages:
        mark_read(conversation, reader=participant, up_to=shown[-1].pk)
    others = other_side(conversation, participant)
    blocked = set(blocked_by(participant).values_list("blocked_id", flat=True))
    return render(
        request,
        "conversations/thread.html",
        {
            "expo": expo,
            "participant": participant,
            "conversation": conversation,
            "title": title_for(conversation, participant),
            "page": page,
            "items": _shown(shown, conversation, participant),
            "last_id": shown[-1].pk if shown else 0,
            "is_last_page": page.number == paginator.num_pages,
            "form": form,
            "meeting_form": MeetingForm(),
            "others": [(other, display_name(other), other.pk in blocked) for other in others],
            "starter_side": is_starter_side(conversation, participant),
        },
    )


@login_required
@require_GET
def thread_new(request, slug: str, pk: int):
    """The messages after ``?after=ID``, as HTML for the thread page's polling script
    (rendered here, escaped as everywhere, so the script never builds markup)."""
    expo, participant, conversation = _in_conversation(request, slug, pk)
    after = _int(request.GET.get("after"))
    fresh = list(messages_of(conversation, after=after)[:THREAD_PAGE])
    if fresh:
        mark_read(conversation, reader=participant, up_to=fresh[-1].pk)
    response = render(
        request,
        "conversations/new_messages.html",
        {"expo": expo, "conversation": conversation, "items": _shown(fresh, conversation, participant)},
    )
    response["X-Last-Message"] = str(fresh[-1].pk if fresh else after)
    response["Cache-Control"] = "no-store"
    return response


def _write(request, expo, participant, *, counterpart=None, exhibitor=None, name: str):
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            check_rate(request, "conversation")
            conversation, _message = start_conversation(
                participant,
                counterpart=counterpart,
                exhibitor=exhibitor,
                body=form.cleaned_data["body"],
                language=get_language(),
            )
        except RateLimited as error:
            return _rate_limited(request, error)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            return redirect(_thread_url(conversation) + "#last")
    return render(request, "conversations/write.html", {"expo": expo, "form": form, "name": name})


@login_required
def write_participant(request, slug: str, participant_id: int):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    counterpart = (
        Participant.objects.filter(expo=expo, pk=participant_id, status=RegistrationStatus.APPROVED).first()
        if 0 < participant_id <= MAX_ID
        else None
    )
    if counterpart is None or counterpart.anonymised_at is not None:
        raise Http404(_("No such participant in this expo."))
    return _write(request, expo, participant, counterpart=counterpart, name=counterpart.name)


@login_required
def write_exhibitor(request, slug: str, exhibitor_id: int):
    expo = get_visible_expo(slug, request.user)
    participant = _participant(request, expo)
    exhibitor = (
        Exhibitor.objects.filter(expo=expo, pk=exhibitor_id).select_related("organisation").first()
        if 0 < exhibitor_id <= MAX_ID
        else None
    )
    if exhibitor is None:
        raise Http404(_("No such exhibitor."))
    name = localize(exhibitor.organisation.name, expo.languages) or exhibitor.organisation.legal_name
    return _write(request, expo, participant, exhibitor=exhibitor, name=name)


@login_required
@require_GET
def attachment(request, slug: str, pk: int, attachment_id: int):
    """A file of the conversation, downloaded: never rendered as a page of the site."""
    expo, participant, conversation = _in_conversation(request, slug, pk)
    found = get_attachment(conversation, attachment_id)
    if found is None:
        raise Http404(_("No such attachment in this conversation."))
    response = HttpResponse(bytes(found.content), content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.name)
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def block(request, slug: str, pk: int):
    """Block (or unblock) one of the people on the other side of the conversation."""
    expo, participant, conversation = _in_conversation(request, slug, pk)
    chosen = _int(request.POST.get("participant"))
    target = next((other for other in other_side(conversation, participant) if other.pk == chosen), None)
    if target is None:
        messages.error(request, _("Choose someone of this conversation."))
    elif request.POST.get("action") == "unblock":
        unblock_participant(participant, blocked=target)
        messages.success(request, _("%(name)s may write to you again.") % {"name": display_name(target)})
    else:
        block_participant(participant, blocked=target)
        messages.success(request, _("%(name)s can no longer write to you.") % {"name": display_name(target)})
    return redirect(_thread_url(conversation))


@login_required
@require_POST
def report(request, slug: str, pk: int):
    expo, participant, conversation = _in_conversation(request, slug, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a message to report."))
        return redirect(_thread_url(conversation))
    message = Message.objects.filter(conversation=conversation, pk=form.cleaned_data["message"]).first()
    if message is None:
        raise Http404(_("No such message in this conversation."))
    try:
        check_rate(request, "message_report")
        report_message(message, reporter=participant, reason=form.cleaned_data["reason"])
    except RateLimited as error:
        return _rate_limited(request, error)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Thank you: the organisers will look at this message."))
    return redirect(_thread_url(conversation))


@login_required
@require_POST
def meeting(request, slug: str, pk: int):
    """One click: the conversation becomes a meeting request with its context."""
    expo, participant, conversation = _in_conversation(request, slug, pk)
    form = MeetingForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        check_rate(request, "meeting_request")
        meeting_request = request_meeting(conversation, by=participant, note=note)
    except RateLimited as error:
        return _rate_limited(request, error)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(_thread_url(conversation))
    messages.success(
        request, _("Your meeting request was sent to %(name)s.") % {"name": meeting_request.recipient.name}
    )
    return redirect(reverse("matchmaking:requests", kwargs={"slug": slug}))


def _organiser(request, expo):
    if not sees_as_organiser(request.user, expo):
        raise PermissionDenied(_("Only the organisers see reported messages."))


@login_required
def report_list(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _organiser(request, expo)
    status = request.GET.get("status", ReportStatus.OPEN)
    if status not in ReportStatus.values:
        status = ReportStatus.OPEN
    page = Paginator(report_queue(expo, request.user, status=status), LIST_PAGE).get_page(
        request.GET.get("page")
    )
    items = [
        {"report": item, "sender": display_name(item.message.sender), "reporter": display_name(item.reporter)}
        for item in page.object_list
    ]
    return render(
        request,
        "conversations/reports.html",
        {
            "expo": expo,
            "page": page,
            "items": items,
            "status": status,
            "statuses": ReportStatus.choices,
            "can_review": operates_expo(request.user, expo),
        },
    )


@login_required
@require_POST
def report_review(request, slug: str, report_id: int):
    expo = get_visible_expo(slug, request.user)
    _organiser(request, expo)
    if not operates_expo(request.user, expo):
        raise PermissionDenied(_("Only the expo's staff and administrators review reports."))
    try:
        item = get_report(expo, request.user, report_id)
    except ConversationNotFound as error:
        raise Http404(error.message) from None
    decision = request.POST.get("decision", "")
    try:
        review_report(item, by=request.user, decision=decision, note=request.POST.get("note", ""))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The message was removed.") if DECISIONS[decision] == ReportStatus.REMOVED else _("Dismissed."),
        )
    return redirect(reverse("conversations:reports", kwargs={"slug": slug}))


@login_required
def settings_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    _organiser(request, expo)
    can_change = administers_expo(request.user, expo)
    current = conversation_settings(expo)
    form = SettingsForm(
        request.POST or None,
        initial={"write_policy": current.write_policy, "daily_limit": current.daily_limit},
    )
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied(_("Only the expo's administrators change these settings."))
        if form.is_valid():
            try:
                update_settings(expo, by=request.user, **form.cleaned_data)
            except DomainError as error:
                messages.error(request, error.message)
            else:
                messages.success(request, _("Saved."))
                return redirect(reverse("conversations:settings", kwargs={"slug": slug}))
    return render(
        request, "conversations/settings.html", {"expo": expo, "form": form, "can_change": can_change}
    )
