"""Publishing an edition's results. A publication freezes the results document as it
stands: the public dashboard, the communiqué in every format and the results API show
that snapshot, not the live figures. A deal recorded afterwards changes only the
organisers' live dashboard, which says what changed since the publication; it reaches
the public when an administrator publishes again. Each publication is numbered and
keeps the headline figures that changed since the one before, so the public sees an
update history (publication 1, publication 2 with what changed, each with its time)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common import events
from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.expos.permissions import administers_expo, sees_as_organiser
from tradefair.reports.models import ResultsPublication

_UNSET = object()


class ReportsPermissionDenied(DomainError):
    status = 403


def current_publication(expo) -> ResultsPublication | None:
    """The publication the public sees: the latest one, unless it was withdrawn."""
    cached = getattr(expo, "_current_publication", _UNSET)
    if cached is _UNSET:
        latest = ResultsPublication.objects.filter(expo=expo).order_by("-number").first()
        cached = latest if latest is not None and latest.withdrawn_at is None else None
        expo._current_publication = cached
    return cached


def is_published(expo) -> bool:
    return current_publication(expo) is not None


def publication_history(expo) -> list[ResultsPublication]:
    """Every publication of the expo, the first first (withdrawn ones included)."""
    return list(ResultsPublication.objects.filter(expo=expo).order_by("number"))


def can_see_results(user, expo) -> bool:
    """Every organiser follows the results before they are public; viewers too."""
    return sees_as_organiser(user, expo) or is_published(expo)


def live_document(expo, *, at) -> dict:
    from tradefair.reports.domain.results import compute_results

    return compute_results(expo, as_of=at).document()


def _same_results(one: dict | None, other: dict | None) -> bool:
    if one is None or other is None:
        return False
    return {k: v for k, v in one.items() if k != "as_of"} == {k: v for k, v in other.items() if k != "as_of"}


def figure_changes(before: dict | None, after: dict) -> dict:
    """Headline figures that differ between two documents: {key: [before, after]}."""
    if before is None:
        return {}
    old, new = before.get("figures", {}), after.get("figures", {})
    return {key: [old.get(key), value] for key, value in new.items() if old.get(key) != value}


def snapshot_of(publication: ResultsPublication) -> dict:
    """The frozen document of a publication. One made before snapshots existed is frozen
    the first time it is read, as of its publication time."""
    if publication.document is None:
        publication.document = live_document(publication.expo, at=publication.published_at)
        ResultsPublication.objects.filter(pk=publication.pk, document__isnull=True).update(
            document=publication.document
        )
    return publication.document


def published_results(expo):
    """The results as the current publication froze them, or None before publication."""
    from tradefair.reports.domain.results import Results

    publication = current_publication(expo)
    if publication is None:
        return None
    return Results.from_document(expo, snapshot_of(publication))


def publish_results(expo, *, by, at=None) -> ResultsPublication:
    """Freeze the results as they stand and make them public. Publishing again with
    nothing changed since the current publication returns it unchanged, so a second
    click makes no empty publication."""
    # Publishing speaks for the whole committee: an admin's decision.
    if not administers_expo(by, expo):
        raise ReportsPermissionDenied(
            "results_forbidden", _("Only the expo's administrators publish results.")
        )
    from tradefair.expos.models import Expo

    with transaction.atomic():
        # One publisher at a time per expo: the numbers follow each other without a gap.
        Expo.objects.select_for_update().filter(pk=expo.pk).first()
        latest = ResultsPublication.objects.filter(expo=expo).order_by("-number").first()
        moment = at or timezone.now()
        document = live_document(expo, at=moment)
        if (
            latest is not None
            and latest.withdrawn_at is None
            and _same_results(snapshot_of(latest), document)
        ):
            latest.created = False
            expo._current_publication = latest
            return latest
        publication = ResultsPublication.objects.create(
            expo=expo,
            number=(latest.number + 1) if latest else 1,
            published_at=moment,
            published_by=by if getattr(by, "is_authenticated", False) else None,
            document=document,
            changes=figure_changes(snapshot_of(latest) if latest else None, document),
        )
        log_action(
            expo,
            "results.published",
            actor=by,
            data={"number": publication.number, "changes": publication.changes},
        )
        events.send(
            events.RESULTS_PUBLISHED,
            expo=expo,
            payload=lambda: {
                "publication": {
                    "number": publication.number,
                    "published_at": publication.published_at.isoformat(),
                    "changes": publication.changes,
                },
                "results": publication.document,
            },
        )
    publication.created = True
    expo._current_publication = publication
    return publication


def withdraw_results(expo, *, by) -> None:
    if not administers_expo(by, expo):
        raise ReportsPermissionDenied(
            "results_forbidden", _("Only the expo's administrators withdraw results.")
        )
    with transaction.atomic():
        withdrawn = ResultsPublication.objects.filter(expo=expo, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if withdrawn:
            log_action(expo, "results.withdrawn", actor=by)
    expo._current_publication = None


def changes_since_publication(expo, live: dict) -> dict | None:
    """What the live figures say differently from the current publication, for the
    organisers ({} when nothing changed); None when nothing is published."""
    publication = current_publication(expo)
    if publication is None:
        return None
    return figure_changes(snapshot_of(publication), live)


def publication_block(expo) -> dict | None:
    """The ``publication`` part of a published results document: which publication it
    is and the update history, each publication with its time and changed figures."""
    publication = current_publication(expo)
    if publication is None:
        return None

    def moment(when):
        return when.astimezone(expo.tz).isoformat(timespec="seconds") if when else None

    return {
        "number": publication.number,
        "published_at": moment(publication.published_at),
        "history": [
            {
                "number": entry.number,
                "published_at": moment(entry.published_at),
                "withdrawn_at": moment(entry.withdrawn_at),
                "changes": {
                    key: {"before": pair[0], "after": pair[1]} for key, pair in entry.changes.items()
                },
            }
            for entry in publication_history(expo)
        ],
    }
