"""Exports of deals, participants and meetings as CSV or XLSX. Rows are read in chunks
with their relations fetched alongside (no query per row); an export is prepared by a
background task (tasks.build_export) and kept on the ExportJob until downloaded.

The domain never imports the task module (that would close a circle, as the task calls
``run_export`` here): ``request_export`` sends ``export_requested`` once the job is
committed, and reports/tasks.py, loaded by the app's ``ready``, queues the task on it."""

from collections.abc import Iterator

from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.common.i18n import localize
from tradefair.common.spreadsheets import write_csv, write_xlsx
from tradefair.deals.models import Deal, DealKind, DealParty, DealStatus, RateSource
from tradefair.expos.permissions import sees_as_organiser
from tradefair.matchmaking.models import Meeting
from tradefair.people.models import Organisation, Participant
from tradefair.reports.domain.publication import ReportsPermissionDenied
from tradefair.reports.models import ExportJob, ExportStatus

# Sent with ``job_id`` when a requested export's job is committed; reports.tasks queues it.
export_requested = Signal()

DATASETS = ("deals", "participants", "meetings")
FORMATS = ("csv", "xlsx")
CHUNK = 2000


# Headings of the deal list where a person reads it (the communiqué's workbook); the
# exports keep the column keys above, which scripts read.
DEAL_HEADINGS = {
    "id": gettext_lazy("Deal"),
    "kind": gettext_lazy("Kind"),
    "status": gettext_lazy("Status"),
    "signed_on": gettext_lazy("Date signed"),
    "title": gettext_lazy("Title"),
    "amount": gettext_lazy("Amount"),
    "currency": gettext_lazy("Currency"),
    "rate": gettext_lazy("Exchange rate"),
    "rate_source": gettext_lazy("Source of the rate"),
    "rate_on": gettext_lazy("Rate of the day"),
    "amount_cny": gettext_lazy("Amount in yuan"),
    "confirmed": gettext_lazy("Confirmed"),
    "parties": gettext_lazy("Parties"),
    "party_countries": gettext_lazy("Countries and regions of the parties"),
    "meeting_id": gettext_lazy("Meeting"),
    "ceremony_id": gettext_lazy("Signing ceremony"),
    "project_id": gettext_lazy("Investment project"),
    "isic_section": gettext_lazy("ISIC section"),
    "hs_code": gettext_lazy("HS code"),
}


def _rate(value):
    return None if value is None else value.normalize()


def deal_rows(expo, *, labelled: bool = False) -> tuple[list[str], Iterator[list]]:
    """The deal list: amounts and rates as numbers. ``labelled`` gives translated
    headings and kinds, statuses and sources in the active language (for a reader);
    otherwise column keys and codes (for a script)."""
    columns = [
        "id", "kind", "status", "signed_on", "title", "amount", "currency", "rate", "rate_source", "rate_on",
        "amount_cny", "confirmed", "parties", "party_countries", "meeting_id", "ceremony_id", "project_id",
        "isic_section", "hs_code",
    ]  # fmt: skip
    # Plain values, not model instances: a fair's whole deal list is read in a few queries
    # and a few seconds at most, whatever its size.
    parties: dict[int, list[int]] = {}
    for deal_id, organisation_id in (
        DealParty.objects.filter(deal__expo=expo)
        .order_by("deal_id", "position", "id")
        .values_list("deal_id", "organisation_id")
    ):
        parties.setdefault(deal_id, []).append(organisation_id)
    organisations = {
        pk: (localize(name, expo.languages) or legal_name, country)
        for pk, name, legal_name, country in Organisation.objects.filter(
            pk__in={pk for ids in parties.values() for pk in ids}
        ).values_list("pk", "name", "legal_name", "country")
    }
    fields = [
        "id", "kind", "status", "signed_on", "title", "amount", "currency", "rate", "rate_source", "rate_on",
        "amount_base", "confirmed_at", "meeting_id", "ceremony_id", "project_id", "isic_section", "hs_code",
    ]  # fmt: skip
    deals = Deal.objects.filter(expo=expo).order_by("id").values_list(*fields)
    if labelled:
        kinds, statuses, sources = dict(DealKind.choices), dict(DealStatus.choices), dict(RateSource.choices)
        yes, no = _("yes"), _("no")
    else:
        kinds = statuses = sources = {}
        yes, no = "yes", "no"

    def rows():
        for values in deals.iterator(chunk_size=CHUNK):
            deal = dict(zip(fields, values, strict=True))
            named = [organisations[pk] for pk in parties.get(deal["id"], ())]
            yield [
                deal["id"],
                str(kinds.get(deal["kind"], deal["kind"])),
                str(statuses.get(deal["status"], deal["status"])),
                deal["signed_on"].isoformat(),
                deal["title"],
                deal["amount"],
                deal["currency"],
                _rate(deal["rate"]),
                str(sources.get(deal["rate_source"], deal["rate_source"])) if deal["rate_source"] else "",
                deal["rate_on"].isoformat() if deal["rate_on"] else "",
                deal["amount_base"],
                yes if deal["confirmed_at"] else no,
                "; ".join(name for name, _country in named),
                "; ".join(str(country) for _name, country in named),
                deal["meeting_id"] or "",
                deal["ceremony_id"] or "",
                deal["project_id"] or "",
                deal["isic_section"],
                deal["hs_code"],
            ]

    if labelled:
        columns = [str(DEAL_HEADINGS[key]) for key in columns]
    return columns, rows()


def participant_rows(expo) -> tuple[list[str], Iterator[list]]:
    columns = [
        "id",
        "name",
        "name_latin",
        "organisation",
        "country",
        "status",
        "roles",
        "email",
        "arrival",
        "departure",
    ]
    participants = (
        Participant.objects.filter(expo=expo)
        .select_related("organisation")
        .prefetch_related("roles")
        .order_by("id")
    )

    def rows():
        for person in participants.iterator(chunk_size=CHUNK):
            organisation = person.organisation
            yield [
                person.pk,
                person.name,
                person.name_latin,
                (localize(organisation.name, expo.languages) or organisation.legal_name)
                if organisation
                else "",
                person.country.code,
                person.status,
                ";".join(sorted(role.role for role in person.roles.all())),
                person.email,
                person.arrival.isoformat() if person.arrival else "",
                person.departure.isoformat() if person.departure else "",
            ]

    return columns, rows()


def meeting_rows(expo) -> tuple[list[str], Iterator[list]]:
    columns = ["id", "round", "starts_at", "ends_at", "table", "status", "requester", "counterpart", "deals"]
    meetings = (
        Meeting.objects.filter(round__expo=expo)
        .select_related("round", "slot", "requester", "counterpart")
        .prefetch_related("deals")
        .order_by("slot__starts_at", "table", "id")
    )

    def rows():
        for meeting in meetings.iterator(chunk_size=CHUNK):
            yield [
                meeting.pk,
                meeting.round.name,
                meeting.slot.starts_at.astimezone(expo.tz).isoformat(timespec="minutes"),
                meeting.slot.ends_at.astimezone(expo.tz).isoformat(timespec="minutes"),
                meeting.table,
                meeting.status,
                meeting.requester.name,
                meeting.counterpart.name,
                ";".join(str(deal.pk) for deal in meeting.deals.all()),
            ]

    return columns, rows()


ROWS = {"deals": deal_rows, "participants": participant_rows, "meetings": meeting_rows}


def export_content(expo, dataset: str, file_format: str) -> tuple[bytes, int]:
    columns, rows = ROWS[dataset](expo)
    if file_format == "csv":
        return write_csv(columns, rows)
    return write_xlsx(columns, rows, title=dataset)


def request_export(expo, *, dataset: str, file_format: str, by, language: str = "en") -> ExportJob:
    """Queue an export; without a broker it is prepared at once, in-process."""
    if not sees_as_organiser(by, expo):
        raise ReportsPermissionDenied("export_forbidden", _("Only the expo's organisers export data."))
    if dataset not in DATASETS:
        raise DomainError("export_dataset", _("Unknown data to export: %(name)s.") % {"name": dataset})
    if file_format not in FORMATS:
        raise DomainError("export_format", _("Exports are CSV or XLSX."))
    with transaction.atomic():
        job = ExportJob.objects.create(
            expo=expo, dataset=dataset, file_format=file_format, requested_by=by, language=language
        )
        log_action(job, "export.requested", actor=by, data={"dataset": dataset, "format": file_format})
    transaction.on_commit(lambda: export_requested.send(sender=ExportJob, job_id=job.pk))
    return job


def run_export(job_id: int) -> ExportJob:
    job = ExportJob.objects.select_related("expo").get(pk=job_id)
    ExportJob.objects.filter(pk=job.pk).update(status=ExportStatus.RUNNING)
    try:
        with translation.override(job.language):
            content, rows = export_content(job.expo, job.dataset, job.file_format)
    except Exception as error:  # a failed export is reported on the job, not lost in a worker log
        ExportJob.objects.filter(pk=job.pk).update(
            status=ExportStatus.FAILED, error=str(error)[:500], finished_at=timezone.now()
        )
        raise
    ExportJob.objects.filter(pk=job.pk).update(
        status=ExportStatus.READY, content=content, rows=rows, finished_at=timezone.now()
    )
    job.refresh_from_db()
    return job
