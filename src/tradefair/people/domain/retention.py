"""Retention: each expo keeps its participants' personal data for
``Expo.personal_data_retention_days`` after its last day (empty: until someone asks
for erasure). Past that, ``tradefair purge-personal-data`` anonymises them with the same
code as erasure on request, participant by participant.

An account goes too once nothing keeps it: it is scrubbed when none of its
participations is left, it organises no expo, it is not platform staff and it has not
signed in since the retention period ended (someone who still uses the platform keeps
their login, only the old participation is anonymised)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from tradefair.expos.models import Expo
from tradefair.people.domain.anonymisation import anonymise_participant, end_sessions_of, scrub_account
from tradefair.people.models import Participant


def retention_ends(expo: Expo) -> dt.date | None:
    """The last day the expo's personal data is kept, or None when it is kept."""
    if expo.personal_data_retention_days is None:
        return None
    return expo.ends + dt.timedelta(days=expo.personal_data_retention_days)


def expired_expos(today: dt.date, *, expos: Iterable[Expo] | None = None) -> list[Expo]:
    """Expos whose last day plus their retention period lies before ``today``."""
    candidates = (
        expos if expos is not None else Expo.objects.filter(personal_data_retention_days__isnull=False)
    )
    return [expo for expo in candidates if (end := retention_ends(expo)) is not None and end < today]


def expired_participants(today: dt.date, *, expos: Iterable[Expo] | None = None):
    """Participants of expired expos whose data is still there."""
    return (
        Participant.objects.filter(expo__in=[expo.pk for expo in expired_expos(today, expos=expos)])
        .filter(anonymised_at__isnull=True)
        .order_by("expo_id", "id")
    )


@dataclass
class PurgeResult:
    participants: int = 0
    accounts: int = 0
    expos: list[str] = field(default_factory=list)


def purge_expired(
    today: dt.date,
    *,
    expos: Iterable[Expo] | None = None,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> PurgeResult:
    """Anonymise every expired participant, one transaction each, so that an
    interrupted purge keeps what it did and a second run finishes the rest."""
    result = PurgeResult()
    expired = {expo.pk: expo for expo in expired_expos(today, expos=expos)}
    result.expos = sorted(expo.slug for expo in expired.values())
    # Keys first: the rows change under the loop, so no cursor stays open across it.
    rows = list(
        Participant.objects.filter(expo__in=list(expired), anonymised_at__isnull=True)
        .order_by("expo_id", "id")
        .values_list("pk", "expo_id", "user_id")
    )
    users: dict[int, dt.date] = {}
    for pk, expo_id, user_id in rows:
        if user_id is not None:
            cutoff = retention_ends(expired[expo_id])
            users[user_id] = max(users.get(user_id, cutoff), cutoff)
        if not dry_run:
            anonymise_participant(Participant(pk=pk), why="retention")
        result.participants += 1
        if progress:
            progress(1)
    scrubbed = []
    for user in get_user_model().objects.filter(pk__in=list(users)).order_by("pk"):
        if _account_is_kept(user, cutoff=users[user.pk], expired_expo_ids=list(expired)):
            continue
        if not dry_run:
            scrub_account(user, why="retention", end_sessions=False)
            scrubbed.append(user.pk)
        result.accounts += 1
    end_sessions_of(scrubbed)
    return result


def _account_is_kept(user, *, cutoff: dt.date, expired_expo_ids: list[int]) -> bool:
    if user.is_staff or user.is_superuser or user.organised_expos.exists():
        return True
    if user.last_login is not None and user.last_login.date() > cutoff:
        return True
    # Participations outside the expired expos (in a dry run the expired ones are still
    # there, so they are left out by expo rather than by their anonymisation).
    remaining = Participant.objects.filter(user=user, anonymised_at__isnull=True)
    return remaining.exclude(expo_id__in=expired_expo_ids).exists()
