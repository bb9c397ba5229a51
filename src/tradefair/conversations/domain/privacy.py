"""Conversations in a person's rights over their data: the export lists every thread
with its messages as the person saw them; erasure keeps the messages so that the other
side's copy stays readable, shown from "a former participant"
(access.display_name), and removes what only concerned the person."""

from django.db.models import Q
from django.dispatch import receiver

from tradefair.conversations.domain.access import conversations_of, display_name, title_for
from tradefair.conversations.models import Block, ReadMarker, Report
from tradefair.people.signals import collect_personal_data, participant_erased


def _when(value):
    return value.isoformat() if value is not None else None


def export_conversations(participant) -> list[dict]:
    conversations = (
        conversations_of(participant)
        .select_related("starter", "counterpart", "exhibitor__organisation")
        .order_by("created_at", "id")
    )
    exported = []
    for conversation in conversations:
        exported.append(
            {
                "with": title_for(conversation, participant),
                "started_by_me": conversation.starter_id == participant.pk,
                "started_at": _when(conversation.created_at),
                "messages": [
                    {
                        "from_me": message.sender_id == participant.pk,
                        "sender": display_name(message.sender),
                        "body": message.body,
                        "language": message.language,
                        "sent_at": _when(message.created_at),
                        "removed_by_organisers": message.hidden_at is not None,
                        "attachments": [
                            {"name": item.name, "content_type": item.content_type, "size": item.size}
                            for item in message.attachments.all()
                        ],
                    }
                    for message in conversation.messages.select_related("sender")
                    .prefetch_related("attachments")
                    .order_by("id")
                ],
            }
        )
    return exported


def export_safety(participant) -> dict:
    return {
        "blocked": [
            block.blocked.name
            for block in Block.objects.filter(blocker=participant).select_related("blocked")
        ],
        "reports_made": [
            {"message_id": report.message_id, "reason": report.reason, "status": report.status}
            for report in Report.objects.filter(reporter=participant).order_by("id")
        ],
    }


def erase_conversations(participant) -> None:
    """Messages stay for the other side; the person's read markers, blocks and the
    reasons of their reports (their own words about others) go."""
    ReadMarker.objects.filter(participant=participant).delete()
    Block.objects.filter(Q(blocker=participant) | Q(blocked=participant)).delete()
    Report.objects.filter(reporter=participant).exclude(reason="").update(reason="")


@receiver(collect_personal_data, dispatch_uid="tradefair.conversations.export")
def collect_conversations(sender, *, participant, **kwargs) -> dict:
    return {"conversations": export_conversations(participant), **export_safety(participant)}


@receiver(participant_erased, dispatch_uid="tradefair.conversations.erase")
def erase_conversations_of(sender, *, participant, **kwargs) -> list:
    erase_conversations(participant)
    return []
