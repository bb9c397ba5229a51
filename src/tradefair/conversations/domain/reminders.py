"""A message left unread for 15 minutes is announced by e-mail, once: the reader hears of
it through people's delivery path (their language, their choice of at once, digest or
off, the unsubscribe link) and hears again only after reading and leaving something new
unread. Run every few minutes by ``tradefair mail-unread-messages`` or celery beat."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from tradefair.conversations.domain.access import display_name, other_side
from tradefair.conversations.models import Conversation, Message, ReadMarker
from tradefair.people.domain.mail import send_to_participant

UNREAD_AFTER = dt.timedelta(minutes=15)
# Older messages are not announced any more: a reminder days late helps nobody.
LOOKBACK = dt.timedelta(days=2)


def mail_unread_messages(*, now=None) -> int:
    """Write a reminder for each reader with messages unread for 15 minutes. Returns the
    number of reminders written (a second run writes none for the same unread messages)."""
    now = now or timezone.now()
    waiting = Message.objects.filter(
        created_at__lte=now - UNREAD_AFTER, created_at__gte=now - LOOKBACK, hidden_at__isnull=True
    )
    conversations = Conversation.objects.filter(
        pk__in=waiting.values("conversation_id").distinct()
    ).select_related("expo", "starter__expo", "counterpart__expo", "exhibitor__organisation")
    written = 0
    for conversation in conversations:
        messages = list(
            waiting.filter(conversation=conversation)
            .select_related("sender")
            .order_by("id")
            .only("id", "sender", "conversation_id", "sender__name", "sender__anonymised_at")
        )
        markers = dict(
            ReadMarker.objects.filter(conversation=conversation).values_list("participant_id", "last_read_id")
        )
        starter_side = [conversation.starter]
        sides = (
            (starter_side, other_side(conversation, conversation.starter)),
            (other_side(conversation, conversation.starter), starter_side),
        )
        for readers, writers in sides:
            writer_ids = {person.pk for person in writers}
            for reader in readers:
                read_up_to = markers.get(reader.pk, 0)
                unread = [m for m in messages if m.sender_id in writer_ids and m.id > read_up_to]
                if not unread or reader.anonymised_at is not None:
                    continue
                link = reverse(
                    "conversations:thread", kwargs={"slug": conversation.expo.slug, "pk": conversation.pk}
                )
                mail = send_to_participant(
                    reader,
                    template="conversations/email/unread",
                    context={
                        "count": len(unread),
                        "name": display_name(unread[-1].sender),
                        "link": link,
                    },
                    kind="message_unread",
                    notice=True,
                    dedupe_key=f"unread:{conversation.pk}:{reader.pk}:{read_up_to}",
                )
                written += mail is not None
    return written
