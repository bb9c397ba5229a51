"""Conversations under /api/v1/: the same domain functions as the pages.

A participant reads and writes only their own conversations (their team's included);
organisers reach reported messages only, never the conversations themselves."""

import base64
import binascii

from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from tradefair.catalog.models import Exhibitor
from tradefair.common.api_support import PageNumberPagination, TokenAuth
from tradefair.common.errors import Forbidden
from tradefair.common.numbers import PathId
from tradefair.common.rate_limits import check_rate
from tradefair.conversations.domain.access import display_name, get_conversation, title_for
from tradefair.conversations.domain.attachments import MAX_PER_MESSAGE, Upload
from tradefair.conversations.domain.errors import ConversationError
from tradefair.conversations.domain.meetings import request_meeting
from tradefair.conversations.domain.messaging import (
    mark_read,
    messages_of,
    search_conversations,
    send_message,
    start_conversation,
    unread_count,
)
from tradefair.conversations.domain.safety import (
    block_participant,
    get_report,
    report_message,
    report_queue,
    review_report,
    unblock_participant,
)
from tradefair.conversations.models import Message
from tradefair.conversations.models.conversation import MAX_BODY
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.people.models import Participant, RegistrationStatus
from tradefair.people.permissions import participant_of

router = Router(tags=["conversations"], auth=TokenAuth())
MAX_ID = 2**63 - 1


class _Mapped:
    """A queryset whose rows are turned into output only for the page asked for."""

    def __init__(self, queryset, out, viewer=None):
        self.queryset, self.out, self.viewer = queryset, out, viewer

    def all(self):
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, part):
        rows = self.queryset[part]
        return [self.out(row, self.viewer) if self.viewer is not None else self.out(row) for row in rows]


def _decoded(item) -> Upload:
    try:
        data = base64.b64decode(item.data, validate=True)
    except (binascii.Error, ValueError):
        raise ConversationError(
            "attachment_encoding", _("An attachment's data is not valid base64.")
        ) from None
    return Upload(name=item.name, content_type=item.content_type, data=data)


def _me(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    participant = participant_of(request.user, expo)
    if participant is None:
        raise Forbidden(
            "not_a_participant", _("Only approved participants of this expo take part in conversations.")
        )
    return expo, participant


class ConversationOut(Schema):
    id: int
    title: str
    with_participant_id: int | None
    exhibitor_id: int | None
    started_by_me: bool
    created_at: str
    last_message_at: str | None
    unread: bool


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class MessageOut(Schema):
    id: int
    sender_id: int
    sender: str
    mine: bool
    body: str | None
    language: str
    created_at: str
    removed: bool
    attachments: list[AttachmentOut]


def _conversation_out(conversation, me) -> dict:
    started = conversation.starter_id == me.pk
    return {
        "id": conversation.pk,
        "title": title_for(conversation, me),
        "with_participant_id": (conversation.counterpart_id if started else conversation.starter_id),
        "exhibitor_id": conversation.exhibitor_id,
        "started_by_me": started,
        "created_at": conversation.created_at.isoformat(),
        "last_message_at": conversation.last_message_at.isoformat() if conversation.last_message_at else None,
        "unread": bool(getattr(conversation, "has_unread", False)),
    }


def _message_out(message, me) -> dict:
    removed = message.hidden_at is not None
    return {
        "id": message.pk,
        "sender_id": message.sender_id,
        "sender": display_name(message.sender),
        "mine": message.sender_id == me.pk,
        "body": None if removed else message.body,
        "language": message.language,
        "created_at": message.created_at.isoformat(),
        "removed": removed,
        "attachments": []
        if removed
        else [
            {
                "id": item.pk,
                "name": item.name,
                "content_type": item.content_type,
                "size": item.size,
                "url": reverse(
                    "conversations:attachment",
                    kwargs={
                        "slug": message.conversation.expo.slug,
                        "pk": message.conversation_id,
                        "attachment_id": item.pk,
                    },
                ),
            }
            for item in message.attachments.all()
        ],
    }


class StartIn(Schema):
    participant_id: int | None = Field(None, ge=1, le=MAX_ID)
    exhibitor_id: int | None = Field(None, ge=1, le=MAX_ID)
    body: str = Field(..., max_length=MAX_BODY * 2)
    language: str = Field("", max_length=10)


class AttachmentIn(Schema):
    name: str = Field(..., max_length=300)
    content_type: str = Field("", max_length=100)
    # The file's bytes in base64 (at most 5 MB once decoded).
    data: str = Field(..., max_length=7 * 1024 * 1024)


class MessageIn(Schema):
    body: str = Field("", max_length=MAX_BODY * 2)
    language: str = Field("", max_length=10)
    attachments: list[AttachmentIn] = Field(default_factory=list, max_length=MAX_PER_MESSAGE)


class ReadIn(Schema):
    up_to: int | None = Field(None, ge=0, le=MAX_ID)


class MeetingIn(Schema):
    note: str = Field("", max_length=500)


class ReportIn(Schema):
    reason: str = Field("", max_length=2000)


class BlockIn(Schema):
    participant_id: int = Field(..., ge=1, le=MAX_ID)
    blocked: bool = True


class ReportReviewIn(Schema):
    decision: str = Field(..., max_length=20)
    note: str = Field("", max_length=500)


class UnreadOut(Schema):
    unread: int


class ReadOut(Schema):
    last_read_id: int


class RequestLinkOut(Schema):
    request_id: int
    recipient_id: int
    status: str


class BlockOut(Schema):
    participant_id: int
    blocked: bool


class ReportOut(Schema):
    id: int
    message_id: int
    message: str
    sender: str
    reporter: str
    reason: str
    status: str
    created_at: str


def _report_out(report) -> dict:
    return {
        "id": report.pk,
        "message_id": report.message_id,
        "message": report.message.body,
        "sender": display_name(report.message.sender),
        "reporter": display_name(report.reporter),
        "reason": report.reason,
        "status": report.status,
        "created_at": report.created_at.isoformat(),
    }


@router.get("expos/{slug}/conversations", response=list[ConversationOut], summary="My conversations")
@paginate(PageNumberPagination)
def list_conversations(request: HttpRequest, slug: str, q: str = ""):
    _expo, me = _me(request, slug)
    return _Mapped(search_conversations(me, q), _conversation_out, me)


@router.post(
    "expos/{slug}/conversations", response={201: ConversationOut}, summary="Write to a participant or a team"
)
def post_conversation(request: HttpRequest, slug: str, body: StartIn):
    expo, me = _me(request, slug)
    if (body.participant_id is None) == (body.exhibitor_id is None):
        raise ConversationError("no_recipient", _("Choose one participant or one exhibitor to write to."))
    target = {}
    if body.participant_id is not None:
        target["counterpart"] = Participant.objects.filter(
            expo=expo, pk=body.participant_id, status=RegistrationStatus.APPROVED
        ).first()
        if target["counterpart"] is None:
            raise Http404(_("No such participant in this expo."))
    else:
        target["exhibitor"] = Exhibitor.objects.filter(expo=expo, pk=body.exhibitor_id).first()
        if target["exhibitor"] is None:
            raise Http404(_("No such exhibitor."))
    check_rate(request, "conversation")
    conversation, _message = start_conversation(
        me, body=body.body, language=body.language or get_language(), **target
    )
    return Status(201, _conversation_out(conversation, me))


@router.get("expos/{slug}/unread-messages", response=UnreadOut, summary="How many messages I have not read")
def get_unread(request: HttpRequest, slug: str):
    _expo, me = _me(request, slug)
    return {"unread": unread_count(me)}


@router.get(
    "expos/{slug}/conversations/{conversation_id}", response=ConversationOut, summary="One conversation"
)
def get_one(request: HttpRequest, slug: str, conversation_id: PathId):
    _expo, me = _me(request, slug)
    return _conversation_out(get_conversation(me, conversation_id), me)


@router.get(
    "expos/{slug}/conversations/{conversation_id}/messages",
    response=list[MessageOut],
    summary="A conversation's messages, oldest first; ?after=ID for the new ones",
)
@paginate(PageNumberPagination)
def list_messages(
    request: HttpRequest, slug: str, conversation_id: PathId, after: int = Query(0, ge=0, le=MAX_ID)
):
    _expo, me = _me(request, slug)
    conversation = get_conversation(me, conversation_id)
    return _Mapped(messages_of(conversation, after=after), _message_out, me)


@router.post(
    "expos/{slug}/conversations/{conversation_id}/messages",
    response={201: MessageOut},
    summary="Write a message",
)
def post_message(request: HttpRequest, slug: str, conversation_id: PathId, body: MessageIn):
    _expo, me = _me(request, slug)
    conversation = get_conversation(me, conversation_id)
    check_rate(request, "message")
    message = send_message(
        conversation,
        sender=me,
        body=body.body,
        language=body.language or get_language(),
        attachments=[_decoded(item) for item in body.attachments],
    )
    return Status(201, _message_out(message, me))


@router.post("expos/{slug}/conversations/{conversation_id}/read", response=ReadOut, summary="Mark as read")
def post_read(request: HttpRequest, slug: str, conversation_id: PathId, body: ReadIn | None = None):
    _expo, me = _me(request, slug)
    conversation = get_conversation(me, conversation_id)
    return {"last_read_id": mark_read(conversation, reader=me, up_to=body.up_to if body else None)}


@router.post(
    "expos/{slug}/conversations/{conversation_id}/meeting-request",
    response={201: RequestLinkOut},
    summary="Turn the conversation into a meeting request",
)
def post_meeting_request(
    request: HttpRequest, slug: str, conversation_id: PathId, body: MeetingIn | None = None
):
    _expo, me = _me(request, slug)
    conversation = get_conversation(me, conversation_id)
    check_rate(request, "meeting_request")
    created = request_meeting(conversation, by=me, note=body.note if body else "")
    return Status(
        201, {"request_id": created.pk, "recipient_id": created.recipient_id, "status": created.status}
    )


@router.post(
    "expos/{slug}/conversations/{conversation_id}/messages/{message_id}/report",
    response={201: ReportOut},
    summary="Report a message to the organisers",
)
def post_report(
    request: HttpRequest, slug: str, conversation_id: PathId, message_id: PathId, body: ReportIn | None = None
):
    _expo, me = _me(request, slug)
    conversation = get_conversation(me, conversation_id)
    message = (
        Message.objects.filter(conversation=conversation, pk=message_id).first()
        if message_id <= MAX_ID
        else None
    )
    if message is None:
        raise Http404(_("No such message in this conversation."))
    check_rate(request, "message_report")
    return Status(201, _report_out(report_message(message, reporter=me, reason=body.reason if body else "")))


@router.post("expos/{slug}/blocks", response=BlockOut, summary="Block or unblock a participant")
def post_block(request: HttpRequest, slug: str, body: BlockIn):
    expo, me = _me(request, slug)
    other = Participant.objects.filter(expo=expo, pk=body.participant_id).first()
    if other is None:
        raise Http404(_("No such participant in this expo."))
    if body.blocked:
        block_participant(me, blocked=other)
    else:
        unblock_participant(me, blocked=other)
    return {"participant_id": other.pk, "blocked": body.blocked}


@router.get(
    "expos/{slug}/message-reports", response=list[ReportOut], summary="Reported messages (organisers)"
)
@paginate(PageNumberPagination)
def list_reports(request: HttpRequest, slug: str, status: str = "open"):
    expo = get_visible_expo(slug, request.user)
    return _Mapped(report_queue(expo, request.user, status=status), _report_out)


@router.post(
    "expos/{slug}/message-reports/{report_id}",
    response=ReportOut,
    summary="Dismiss a report or remove the message (organisers of staff or admin level)",
)
def post_review(request: HttpRequest, slug: str, report_id: PathId, body: ReportReviewIn):
    expo = get_visible_expo(slug, request.user)
    report = get_report(expo, request.user, report_id)
    return _report_out(review_report(report, by=request.user, decision=body.decision, note=body.note))


# Webhooks keep their own module; they are served under the same router.
from tradefair.conversations.webhook_api import router as webhook_router  # noqa: E402

router.add_router("", webhook_router)
