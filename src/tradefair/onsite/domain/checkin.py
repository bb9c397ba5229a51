"""Checking people in at the gates.

A scanner sends the token read from a badge with a nonce of its own making. The same
nonce is stored once, so a scan retried after a timeout, or uploaded again by a
scanner that was offline, counts once; a badge read twice in a row at the same gate
(keyboard-wedge scanners often do) is also the same entry. Forged, revoked or foreign
badges are refused with a reason the gate staff can act on.

The token is verified before the nonce is looked up: a nonce names a scan of one badge,
so a reused nonce with another badge's token (or a forged one) is refused and never
answered with the earlier holder's details. A time sent by a scanner that was offline
is believed only within the expo's days, widened by TRADEFAIR_CHECKIN_OFFLINE_SLACK_HOURS.
With the expo's anti-passback setting, a badge that entered at one gate is refused at
another for that many minutes (a copied badge), unless the gate staff let the holder in
anyway; both the refusal and the override are in the audit log."""

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common import event_payloads, events
from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.expos.permissions import operates_expo, sees_as_organiser
from tradefair.onsite.domain.tokens import badge_pk_from_token
from tradefair.onsite.models import Badge, CheckIn
from tradefair.people.models import Participant, RegistrationStatus, Role
from tradefair.people.permissions import participant_of

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
    # The gate staff let the holder in although anti-passback refused the badge.
    override: bool = False


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


def check_in(*, expo, scan: Scan, by=None, badges: dict[int, Badge] | None = None) -> ScanResult:
    """``badges``: the scan's badge already read (check_in_batch reads a batch's at once)."""
    nonce = scan.nonce.strip()
    if not nonce or len(nonce) > 64:
        raise CheckInError("bad_nonce", _("Each scan needs a nonce of 1 to 64 characters."))
    gate = scan.gate.strip()[:40]
    badge = _valid_badge(expo, scan.token, badges)
    earlier = _earlier_scan(expo, nonce, badge)
    if earlier is not None:
        return ScanResult(earlier, duplicate=True)
    scanned_at = _scan_time(expo, scan.scanned_at)
    # In a batch (check_in_batch) the holders are locked already, in the batch's transaction.
    batched = badges is not None and transaction.get_connection().in_atomic_block
    try:
        with nullcontext() if batched else transaction.atomic():
            # One holder's scans are decided one at a time: two gates reading copies of
            # one badge at the same moment must not both see "no entry yet".
            if not batched:
                Participant.objects.select_for_update(of=("self",)).filter(pk=badge.participant_id).first()
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
            elsewhere = _entry_at_another_gate(expo, badge, gate, scanned_at)
            if elsewhere is not None and not scan.override:
                log_action(
                    badge,
                    "checkin.passback_refused",
                    actor=by,
                    expo=expo,
                    data={
                        "gate": gate,
                        "earlier_gate": elsewhere.gate,
                        "earlier_at": elsewhere.scanned_at.isoformat(),
                    },
                )
                refusal = _passback_refusal(expo, elsewhere)
            else:
                refusal = None
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
                if elsewhere is not None:
                    log_action(
                        entry,
                        "checkin.passback_overridden",
                        actor=by,
                        data={"gate": gate, "earlier_gate": elsewhere.gate, "earlier_check_in": elsewhere.pk},
                    )
    except IntegrityError:
        # Another request stored the same nonce in the meantime.
        earlier = _earlier_scan(expo, nonce, badge)
        if earlier is None:
            raise
        return ScanResult(earlier, duplicate=True)
    if refusal is not None:
        raise refusal
    events.send(events.CHECKED_IN, expo=expo, payload=lambda: {"check_in": event_payloads.check_in(entry)})
    return ScanResult(entry, duplicate=False)


def check_in_batch(*, expo, scans: list[Scan], by=None) -> list[ScanResult | CheckInError]:
    """Scans uploaded together by a scanner that was offline, each decided in its order as
    check_in decides it: the result, or the refusal. The batch is one transaction (one
    commit instead of one a scan: a gate reconnecting uploads hundreds), its badges are
    read in one query, and their holders are locked at the start in one order, so that
    two batches sharing holders wait for each other instead of deadlocking. Each scan
    keeps its own savepoint: a refused or repeated scan leaves the others stored."""
    pks = {badge_pk_from_token(scan.token or "") for scan in scans} - {None}
    badges = {
        badge.pk: badge
        for badge in Badge.objects.select_related("participant__organisation")
        .prefetch_related("participant__roles")
        .filter(pk__in=pks)
    }
    holders = sorted(
        {badge.participant_id for badge in badges.values() if badge.participant.expo_id == expo.pk}
    )
    results: list[ScanResult | CheckInError] = []
    with transaction.atomic():
        list(
            Participant.objects.select_for_update(of=("self",))
            .filter(pk__in=holders)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for scan in scans:
            try:
                results.append(check_in(expo=expo, scan=scan, by=by, badges=badges))
            except CheckInError as error:
                results.append(error)
    return results


def _earlier_scan(expo, nonce: str, badge: Badge) -> CheckIn | None:
    """The entry already stored for this nonce, when it is this holder's."""
    earlier = CheckIn.objects.select_related("participant").filter(expo=expo, nonce=nonce).first()
    if earlier is not None and earlier.participant_id != badge.participant_id:
        raise CheckInError(
            "nonce_reused", _("Refused: this scan's nonce was already used for another badge. Scan again.")
        )
    return earlier


def offline_slack() -> dt.timedelta:
    return dt.timedelta(hours=settings.CHECKIN_OFFLINE_SLACK_HOURS)


def _scan_time(expo, scanned_at: dt.datetime | None) -> dt.datetime:
    """The server's clock for live scans; a scanner's own time (an upload after being
    offline) only within the expo's days plus the slack, and never in the future."""
    now = timezone.now()
    if scanned_at is None:
        return now
    if timezone.is_naive(scanned_at):
        scanned_at = timezone.make_aware(scanned_at, dt.UTC)
    if scanned_at > now + CLOCK_TOLERANCE:
        return now
    opens = dt.datetime.combine(expo.starts, dt.time.min, tzinfo=expo.tz) - offline_slack()
    closes = (
        dt.datetime.combine(expo.ends + dt.timedelta(days=1), dt.time.min, tzinfo=expo.tz) + offline_slack()
    )
    if not opens <= scanned_at < closes:
        raise CheckInError(
            "time_outside_expo",
            _("Refused: the scan's time (%(time)s) is not during the expo. Check the scanner's clock.")
            % {"time": scanned_at.astimezone(expo.tz).strftime("%Y-%m-%d %H:%M")},
        )
    return scanned_at


def _entry_at_another_gate(expo, badge: Badge, gate: str, scanned_at: dt.datetime) -> CheckIn | None:
    minutes = expo.anti_passback_minutes
    if not minutes:
        return None
    window = dt.timedelta(minutes=minutes)
    return (
        CheckIn.objects.filter(
            expo=expo,
            participant_id=badge.participant_id,
            scanned_at__gt=scanned_at - window,
            scanned_at__lt=scanned_at + window,
        )
        .exclude(gate=gate)
        .order_by("-scanned_at")
        .first()
    )


def _passback_refusal(expo, earlier: CheckIn) -> CheckInError:
    return CheckInError(
        "passback",
        _(
            "Refused: this badge entered at gate %(gate)s at %(time)s, within %(limit)s minutes. "
            "A copied badge? Check the holder's identity; gate staff may let them in anyway."
        )
        % {
            "gate": earlier.gate or "-",
            "time": earlier.scanned_at.astimezone(expo.tz).strftime("%H:%M"),
            "limit": expo.anti_passback_minutes,
        },
    )


def _valid_badge(expo, token: str, badges: dict[int, Badge] | None = None) -> Badge:
    pk = badge_pk_from_token(token or "")
    if pk is None:
        raise CheckInError("forged", _("Refused: this code was not issued by the expo (forged or damaged)."))
    if badges is not None:
        badge = badges.get(pk)
    else:
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
