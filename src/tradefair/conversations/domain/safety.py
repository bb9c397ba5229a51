"""Blocking a person, reporting a message, and the organisers' review of reports.

A report reaches the organisers' queue with the reported message only: organisers do
not read conversations otherwise. Each review is audited."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.conversations.domain.access import conversations_of
from tradefair.conversations.domain.errors import (
    ConversationError,
    ConversationForbidden,
    ConversationNotFound,
)
from tradefair.conversations.models import Block, Message, Report, ReportStatus
from tradefair.expos.permissions import operates_expo, sees_as_organiser
from tradefair.people.models import Participant

DECISIONS = {"dismiss": ReportStatus.DISMISSED, "remove": ReportStatus.REMOVED}


def block_participant(blocker: Participant, *, blocked: Participant) -> Block:
    """Neither may write to the other from now on; asking twice changes nothing."""
    if blocked.pk == blocker.pk:
        raise ConversationError("block_self", _("You cannot block yourself."))
    if blocked.expo_id != blocker.expo_id:
        raise ConversationNotFound("unknown_participant", _("No such participant in this expo."))
    with transaction.atomic():
        block, created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
        if created:
            log_action(
                block,
                "participant.blocked",
                actor=blocker.user,
                expo=blocker.expo,
                data={"blocked": blocked.pk},
            )
    return block


def unblock_participant(blocker: Participant, *, blocked: Participant) -> bool:
    with transaction.atomic():
        deleted, _rows = Block.objects.filter(blocker=blocker, blocked=blocked).delete()
        if deleted:
            log_action(blocker, "participant.unblocked", actor=blocker.user, data={"blocked": blocked.pk})
    return bool(deleted)


def blocked_by(participant: Participant):
    return Block.objects.filter(blocker=participant).select_related("blocked")


def report_message(message: Message, *, reporter: Participant, reason: str = "") -> Report:
    """Send a message someone else wrote in one's own conversation to the organisers."""
    if not conversations_of(reporter).filter(pk=message.conversation_id).exists():
        raise ConversationNotFound("unknown_message", _("No such message in your conversations."))
    if message.sender_id == reporter.pk:
        raise ConversationError("report_own", _("You cannot report your own message."))
    reason = (reason or "").replace("\x00", "").strip()[:2000]
    try:
        with transaction.atomic():
            report = Report.objects.create(message=message, reporter=reporter, reason=reason)
            log_action(
                report,
                "message.reported",
                actor=reporter.user,
                expo=message.conversation.expo,
                data={"message": message.pk},
            )
    except IntegrityError:
        raise ConversationError("already_reported", _("You have reported this message already.")) from None
    return report


def report_queue(expo, user, *, status: str = ReportStatus.OPEN):
    if not sees_as_organiser(user, expo):
        raise ConversationForbidden("forbidden", _("Only the organisers see reported messages."))
    reports = Report.objects.filter(message__conversation__expo=expo).select_related(
        "message__sender", "reporter", "message__conversation", "reviewed_by"
    )
    if status in ReportStatus.values:
        reports = reports.filter(status=status)
    return reports.order_by("created_at", "id") if status == ReportStatus.OPEN else reports


def get_report(expo, user, report_id) -> Report:
    report = None
    if isinstance(report_id, int) and 0 < report_id < 2**63:
        report = report_queue(expo, user, status="").filter(pk=report_id).first()
    if report is None:
        raise ConversationNotFound("unknown_report", _("No such report in this expo."))
    return report


def review_report(report: Report, *, by, decision: str, note: str = "") -> Report:
    """Dismiss a report, or remove the message for everyone; staff and admins decide,
    and the decision is in the audit log."""
    expo = report.message.conversation.expo
    if not operates_expo(by, expo):
        raise ConversationForbidden(
            "forbidden", _("Only the expo's staff and administrators review reports.")
        )
    if decision not in DECISIONS:
        raise ConversationError("decision", _("Choose to dismiss the report or to remove the message."))
    with transaction.atomic():
        report = Report.objects.select_for_update().select_related("message").get(pk=report.pk)
        if report.status != ReportStatus.OPEN:
            raise ConversationError("already_reviewed", _("This report has been reviewed already."))
        now = timezone.now()
        report.status = DECISIONS[decision]
        report.reviewed_at = now
        report.reviewed_by = by
        report.save(update_fields=["status", "reviewed_at", "reviewed_by"])
        if report.status == ReportStatus.REMOVED:
            Message.objects.filter(pk=report.message_id, hidden_at__isnull=True).update(hidden_at=now)
            # Other reports of the same message are settled by the same decision.
            Report.objects.filter(message_id=report.message_id, status=ReportStatus.OPEN).update(
                status=ReportStatus.REMOVED, reviewed_at=now, reviewed_by=by
            )
        log_action(
            report,
            "message_report.reviewed",
            actor=by,
            expo=expo,
            data={
                "decision": decision,
                "message": report.message_id,
                "note": (note or "").replace("\x00", "").strip()[:500],
            },
        )
    return report
