"""One decision for many registrations at once: an organiser approves the hundreds a
filter found, in one transaction, with one audit entry per person and each person told
in their own language once the decision is committed."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.common.models import AuditEntry
from tradefair.people.domain.mail import send_to_many
from tradefair.people.domain.registration import RegistrationError, approval_context, registration_url
from tradefair.people.models import Participant, RegistrationStatus

DECISIONS = {
    # decision: (new status, audit action, e-mail template, what the note is called in the audit)
    "approve": (RegistrationStatus.APPROVED, "registration.approved", "people/email/approved", None),
    "reject": (RegistrationStatus.REJECTED, "registration.rejected", "people/email/rejected", "reason"),
    "changes": (
        RegistrationStatus.CHANGES_REQUESTED,
        "registration.changes_requested",
        "people/email/changes_requested",
        "message",
    ),
}
MAX_AT_ONCE = 5000


@dataclass(frozen=True)
class BulkResult:
    decided: int
    skipped: int


def review_many(expo, *, participant_ids, by, decision: str, note: str = "") -> BulkResult:
    """Apply ``decision`` to those of ``participant_ids`` that wait in the expo's queue
    (pending, address confirmed); the others (another expo's, decided meanwhile) are
    skipped and counted."""
    if decision not in DECISIONS:
        raise RegistrationError("unknown_decision", _("Choose a decision."))
    status, action, template, note_key = DECISIONS[decision]
    note = (note or "").strip()
    if note_key == "reason" and not note:
        raise RegistrationError("reason_required", _("Say why the registration is rejected."))
    if note_key == "message" and not note:
        raise RegistrationError("message_required", _("Say which changes you need."))
    ids = sorted({int(pk) for pk in participant_ids})
    if not ids:
        raise RegistrationError("nothing_chosen", _("Choose at least one registration."))
    if len(ids) > MAX_AT_ONCE:
        raise RegistrationError(
            "too_many", _("Decide at most %(count)d registrations at once.") % {"count": MAX_AT_ONCE}
        )
    with transaction.atomic():
        waiting = list(
            Participant.objects.select_for_update(of=("self",))
            .filter(
                expo=expo,
                pk__in=ids,
                status=RegistrationStatus.PENDING,
                email_confirmed_at__isnull=False,
            )
            .order_by("pk")
        )
        chosen = [participant.pk for participant in waiting]
        Participant.objects.filter(pk__in=chosen).update(
            status=status, review_note="" if note_key is None else note
        )
        actor = by if getattr(by, "is_authenticated", False) else None
        data = {} if note_key is None else {note_key: note}
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(
                    actor=actor,
                    expo=expo,
                    action=action,
                    object_type=Participant._meta.label_lower,
                    object_id=str(pk),
                    data={**data, "bulk": True},
                )
                for pk in chosen
            ],
            batch_size=500,
        )
        decided = list(
            Participant.objects.filter(pk__in=chosen)
            .select_related("expo", "user", "delegation_leader")
            .order_by("pk")
        )
        send_to_many(
            decided,
            template=template,
            context_of=lambda person: _context(decision, person, note),
            kind="registration_approved" if decision == "approve" else "",
            notice=decision == "approve",
        )
    return BulkResult(decided=len(chosen), skipped=len(ids) - len(chosen))


def _context(decision: str, participant: Participant, note: str) -> dict:
    if decision == "approve":
        return approval_context(participant)
    if decision == "reject":
        return {"reason": note}
    return {"message": note, "url": registration_url(participant)}
