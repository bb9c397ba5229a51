"""Starting a conversation, writing in it, reading it.

A new conversation counts against the expo's daily limit of the person who starts it;
writing again to the same person or team continues the thread they already have, in
either direction, so the limit counts people reached, not messages."""

import datetime as dt

from django.conf import settings as django_settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.conversations.domain.access import (
    conversations_of,
    is_starter_side,
    on_team,
    other_side,
    team_of,
)
from tradefair.conversations.domain.attachments import check_uploads
from tradefair.conversations.domain.errors import ConversationError, ConversationForbidden
from tradefair.conversations.domain.rules import check_may_start, conversation_settings
from tradefair.conversations.models import Attachment, Block, Conversation, Message, ReadMarker
from tradefair.conversations.models.conversation import MAX_BODY
from tradefair.people.models import Participant, RegistrationStatus

DAY = dt.timedelta(hours=24)


def clean_body(body, *, allow_empty: bool = False) -> str:
    """Plain text as written, in any script; only surrounding blank space goes. A
    message may be empty only when it carries attachments."""
    text = (body or "").replace("\x00", "").strip() if isinstance(body, str) else ""
    if not text and not allow_empty:
        raise ConversationError("empty_message", _("Write a message first."))
    if len(text) > MAX_BODY:
        raise ConversationError(
            "message_too_long",
            _("A message has at most %(most)s characters; this one has %(count)s.")
            % {"most": MAX_BODY, "count": len(text)},
        )
    return text


def blocked_between(person, others) -> bool:
    """True when the person blocked any of the others or any of them blocked the person."""
    ids = [other.pk for other in others]
    return Block.objects.filter(
        Q(blocker=person, blocked_id__in=ids) | Q(blocked=person, blocker_id__in=ids)
    ).exists()


def _check_participant(person) -> None:
    if person.status != RegistrationStatus.APPROVED or person.anonymised_at is not None:
        raise ConversationForbidden(
            "not_a_participant", _("Only approved participants of the expo take part in conversations.")
        )


def _existing(starter, *, counterpart=None, exhibitor=None):
    if exhibitor is not None:
        return Conversation.objects.filter(starter=starter, exhibitor=exhibitor).first()
    return Conversation.objects.filter(
        Q(starter=starter, counterpart=counterpart) | Q(starter=counterpart, counterpart=starter)
    ).first()


def start_conversation(
    starter: Participant,
    *,
    counterpart: Participant | None = None,
    exhibitor=None,
    body: str,
    language: str = "",
) -> tuple[Conversation, Message]:
    """Write a first message to a participant or an exhibitor's team, within the expo's
    policy and daily limit; a thread that exists already is continued instead."""
    _check_participant(starter)
    if (counterpart is None) == (exhibitor is None):
        raise ConversationError("no_recipient", _("Choose one participant or one exhibitor to write to."))
    expo_id = starter.expo_id
    if counterpart is not None:
        if counterpart.pk == starter.pk:
            raise ConversationError("write_self", _("You cannot write to yourself."))
        if (
            counterpart.expo_id != expo_id
            or counterpart.status != RegistrationStatus.APPROVED
            or counterpart.anonymised_at is not None
        ):
            raise ConversationError(
                "unknown_recipient", _("This participant does not take part in the expo.")
            )
        recipients = [counterpart]
    else:
        if exhibitor.expo_id != expo_id:
            raise ConversationError("unknown_recipient", _("This exhibitor does not take part in the expo."))
        if on_team(starter, exhibitor):
            raise ConversationError("own_team", _("You are on this exhibitor's team yourself."))
        recipients = list(team_of(exhibitor))
        if not recipients:
            raise ConversationError("empty_team", _("This exhibitor has nobody registered to answer yet."))
    body = clean_body(body)
    existing = _existing(starter, counterpart=counterpart, exhibitor=exhibitor)
    if existing is not None:
        return existing, send_message(existing, sender=starter, body=body, language=language)
    if blocked_between(starter, recipients):
        raise ConversationError("blocked", _("You cannot write to this participant."))
    settings = conversation_settings(starter.expo)
    check_may_start(settings, starter, counterpart=counterpart, exhibitor=exhibitor)
    with transaction.atomic():
        # The starter's row serialises their new conversations: two clicks at once
        # cannot both pass the daily limit.
        Participant.objects.select_for_update().filter(pk=starter.pk).first()
        started = Conversation.objects.filter(starter=starter, created_at__gte=timezone.now() - DAY).count()
        if started >= settings.daily_limit:
            raise ConversationError(
                "daily_limit",
                _(
                    "You have started %(count)s conversations in the last 24 hours, the most the organisers allow."
                )
                % {"count": started},
            )
        try:
            with transaction.atomic():
                conversation = Conversation.objects.create(
                    expo_id=expo_id, starter=starter, counterpart=counterpart, exhibitor=exhibitor
                )
        except IntegrityError:
            # The same thread made a moment ago by another request: continue it.
            conversation = _existing(starter, counterpart=counterpart, exhibitor=exhibitor)
            return conversation, send_message(conversation, sender=starter, body=body, language=language)
        message = _write(conversation, starter, body, language)
        log_action(
            conversation,
            "conversation.started",
            actor=starter.user,
            data={
                "counterpart": counterpart.pk if counterpart else None,
                "exhibitor": exhibitor.pk if exhibitor else None,
            },
        )
    return conversation, message


def message_language(language: str, sender: Participant) -> str:
    """The language a message was written in: the one the sender's page or client
    named, when it is one of the platform's, else the sender's own."""
    known = {code for code, _name in django_settings.LANGUAGES}
    return language if language in known else sender.language


def _write(
    conversation: Conversation, sender: Participant, body: str, language: str, attachments=()
) -> Message:
    message = Message.objects.create(
        conversation=conversation, sender=sender, body=body, language=message_language(language, sender)
    )
    Attachment.objects.bulk_create(
        [
            Attachment(
                message=message,
                name=item.name,
                content_type=item.content_type,
                size=len(item.data),
                content=item.data,
            )
            for item in attachments
        ]
    )
    changes = {"last_message_at": message.created_at}
    if conversation.answered_at is None and not is_starter_side(conversation, sender):
        changes["answered_at"] = message.created_at
    Conversation.objects.filter(pk=conversation.pk).update(**changes)
    for name, value in changes.items():
        setattr(conversation, name, value)
    ReadMarker.objects.update_or_create(
        conversation=conversation, participant=sender, defaults={"last_read_id": message.pk}
    )
    return message


def check_may_write(conversation: Conversation, sender: Participant) -> None:
    _check_participant(sender)
    if not conversations_of(sender).filter(pk=conversation.pk).exists():
        raise ConversationForbidden("not_in_conversation", _("You do not take part in this conversation."))
    others = other_side(conversation, sender)
    if not any(
        other.anonymised_at is None and other.status == RegistrationStatus.APPROVED for other in others
    ):
        raise ConversationError("left", _("Nobody on the other side takes part in the expo any more."))
    if blocked_between(sender, others):
        raise ConversationError("blocked", _("You cannot write in this conversation any more."))


def send_message(
    conversation: Conversation, *, sender: Participant, body: str, language: str = "", attachments=()
) -> Message:
    """Write in a conversation one takes part in, unless the other side blocked it;
    attachments (PDF and images) are checked before anything is written."""
    attachments = check_uploads(list(attachments))
    body = clean_body(body, allow_empty=bool(attachments))
    check_may_write(conversation, sender)
    with transaction.atomic():
        return _write(conversation, sender, body, language, attachments)


def mark_read(conversation: Conversation, *, reader: Participant, up_to: int | None = None) -> int:
    """Remember that the reader has seen the conversation up to a message (the latest
    by default). A marker never moves back. Returns the message id it stands at."""
    latest = conversation.messages.order_by("-id").values_list("id", flat=True).first() or 0
    target = latest if up_to is None else max(0, min(int(up_to), latest))
    with transaction.atomic():
        marker, _created = ReadMarker.objects.select_for_update().get_or_create(
            conversation=conversation, participant=reader
        )
        if target > marker.last_read_id:
            marker.last_read_id = target
            marker.save(update_fields=["last_read_id"])
    return marker.last_read_id


def _unread_messages(participant):
    marker = ReadMarker.objects.filter(conversation=OuterRef("conversation"), participant=participant).values(
        "last_read_id"
    )[:1]
    return (
        Message.objects.filter(conversation__in=conversations_of(participant).values("pk"))
        .exclude(sender=participant)
        .annotate(read_up_to=Coalesce(Subquery(marker), 0))
        .filter(id__gt=F("read_up_to"))
    )


def unread_count(participant) -> int:
    """Messages from others the participant has not seen yet, in all their conversations."""
    return _unread_messages(participant).count()


def with_unread(conversations, participant):
    """The conversations annotated with whether the participant has something new."""
    marker = ReadMarker.objects.filter(conversation=OuterRef("pk"), participant=participant).values(
        "last_read_id"
    )[:1]
    newer = Message.objects.filter(conversation=OuterRef("pk")).exclude(sender=participant)
    return conversations.annotate(read_up_to=Coalesce(Subquery(marker), 0)).annotate(
        has_unread=Exists(newer.filter(id__gt=OuterRef("read_up_to")))
    )


def search_conversations(participant, query: str = ""):
    """The participant's conversations, latest first; ``query`` matches the other
    side's name or organisation, or a message's text."""
    conversations = conversations_of(participant)
    query = (query or "").replace("\x00", "").strip()[:200]
    if query:
        text = Message.objects.filter(
            conversation=OuterRef("pk"), body__icontains=query, hidden_at__isnull=True
        )
        conversations = conversations.filter(
            Q(starter__name__icontains=query)
            | Q(counterpart__name__icontains=query)
            | Q(exhibitor__organisation__legal_name__icontains=query)
            | Q(exhibitor__organisation__name__icontains=query)
            | Q(starter__organisation__legal_name__icontains=query)
            | Q(counterpart__organisation__legal_name__icontains=query)
            | Exists(text)
        )
    return with_unread(
        conversations.select_related(
            "starter__organisation", "counterpart__organisation", "exhibitor__organisation"
        ),
        participant,
    ).order_by("-last_message_at", "-id")


def messages_of(conversation: Conversation, *, after: int = 0):
    return (
        conversation.messages.filter(id__gt=max(0, after))
        .select_related("sender__organisation")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.defer("content")))
        .order_by("id")
    )


def get_attachment(conversation: Conversation, attachment_id: int) -> Attachment | None:
    """An attachment of a message still shown in the conversation, or None."""
    if not 0 < attachment_id < 2**63:
        return None
    return Attachment.objects.filter(
        pk=attachment_id, message__conversation=conversation, message__hidden_at__isnull=True
    ).first()
