"""Checking people in at the gates.

A scanner sends the token read from a badge with a nonce of its own making. The same
nonce is stored once, so a scan retried after a timeout, or uploaded again by a
scanner that was offline, counts once; a badge read twice in a row at the same gate
(keyboard-wedge scanners often do) is also the same entry. Forged, revoked or foreign
badges are refused with a reason the gate staff can act on."""

import datetime as dt
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common.errors import DomainError
from tradefair.common.permissions import operates_expo, participant_of, sees_as_organiser
from tradefair.onsite.domain.tokens import badge_pk_from_token
from tradefair.onsite.models import Badge, CheckIn
from tradefair.people.models import RegistrationStatus, Role

REPEAT_WINDOW = dt.timedelta(seconds=60)
CLOCK_TOLERANCE = dt.timedelta(minutes=5)


class CheckInError(DomainError):
    pass


@dataclass(frozen=True)
class Scan:
    token: str
    nonce: str
    gate: str = ""
    scanned_at: dt.datetime | None = None


@dataclass(frozen=True)
class ScanResult:
    check_in: CheckIn
    duplicate: bool


def may_check_in(user, expo) -> bool:
    """Who scans badges at the gates: organisers of staff or admin level, and the expo's
    on-site staff while their registration stands (approved): cancelling or rejecting a
    staff member's registration ends their access to the gates at once. Viewers only
    read the organisers' pages, so they do not scan."""
    if operates_expo(user, expo):
        return True
    participant = participant_of(user, expo)
    return (
        participant is not None
        and participant.status == RegistrationStatus.APPROVED
        and participant.roles.filter(role=Role.STAFF).exists()
    )


def sees_entrance(user, expo) -> bool:
    """The entrance figures are a dashboard: every organiser reads them, viewers too,
    and so does whoever runs the gates."""
    return sees_as_organiser(user, expo) or may_check_in(user, expo)


def check_in(*, expo, scan: Scan, by=None) -> ScanResult:
    nonce = scan.nonce.strip()
    if not nonce or len(nonce) > 64:
        raise CheckInError("bad_nonce", _("Each scan needs a nonce of 1 to 64 characters."))
    gate = scan.gate.strip()[:40]
    earlier = CheckIn.objects.select_related("participant").filter(expo=expo, nonce=nonce).first()
    if earlier is not None:
        return ScanResult(earlier, duplicate=True)
    badge = _valid_badge(expo, scan.token)
    now = timezone.now()
    scanned_at = scan.scanned_at or now
    if timezone.is_naive(scanned_at):
        scanned_at = timezone.make_aware(scanned_at, dt.UTC)
    if scanned_at > now + CLOCK_TOLERANCE:
        scanned_at = now
    repeat = (
        CheckIn.objects.select_related("participant")
        .filter(
            expo=expo,
            participant_id=badge.participant_id,
            gate=gate,
            scanned_at__gte=scanned_at - REPEAT_WINDOW,
            scanned_at__lte=scanned_at + REPEAT_WINDOW,
        )
        .first()
    )
    if repeat is not None:
        return ScanResult(repeat, duplicate=True)
    try:
        with transaction.atomic():
            entry = CheckIn.objects.create(
                expo=expo,
                participant=badge.participant,
                badge=badge,
                gate=gate,
                nonce=nonce,
                scanned_at=scanned_at,
                scanned_by=by if getattr(by, "is_authenticated", False) else None,
            )
    except IntegrityError:
        # Another request stored the same nonce in the meantime.
        return ScanResult(
            CheckIn.objects.select_related("participant").get(expo=expo, nonce=nonce), duplicate=True
        )
    return ScanResult(entry, duplicate=False)


def _valid_badge(expo, token: str) -> Badge:
    pk = badge_pk_from_token(token or "")
    if pk is None:
        raise CheckInError("forged", _("Refused: this code was not issued by the expo (forged or damaged)."))
    badge = Badge.objects.select_related("participant__organisation").filter(pk=pk).first()
    if badge is None:
        raise CheckInError("unknown_badge", _("Refused: this badge no longer exists."))
    if badge.participant.expo_id != expo.pk:
        raise CheckInError("other_expo", _("Refused: this badge is for another expo."))
    if badge.revoked_at is not None:
        raise CheckInError(
            "revoked", _("Refused: this badge was revoked. Send the holder to the badge desk.")
        )
    if badge.participant.status != RegistrationStatus.APPROVED:
        raise CheckInError("not_approved", _("Refused: the holder's registration is not approved."))
    return badge
