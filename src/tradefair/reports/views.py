from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tradefair.commerce.domain.figures import sales_figures
from tradefair.common.errors import DomainError
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.expos.models import ExpoStatus
from tradefair.expos.permissions import administers_expo, sees_as_organiser
from tradefair.reports.charts import PALETTE, bar_chart, split_bar
from tradefair.reports.domain.communique import build_communique, change_lines
from tradefair.reports.domain.exports import DATASETS, FORMATS, request_export
from tradefair.reports.domain.publication import (
    can_see_results,
    changes_since_publication,
    current_publication,
    is_published,
    publication_history,
    publish_results,
    published_results,
    withdraw_results,
)
from tradefair.reports.domain.results import compute_results
from tradefair.reports.domain.wording import (
    BAND_LABELS,
    area_label,
    in_large_units,
    large_unit,
    number,
    sector_label,
)
from tradefair.reports.models import ExportJob, ExportStatus
from tradefair.reports.rendering.report import FORMATS as REPORT_FORMATS
from tradefair.reports.rendering.report import PAGE_DEAL_SHEET_LIMIT, render_report

REFRESH_SECONDS = 30
CHART_LINES = 10


def _expo_for_results(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not can_see_results(request.user, expo):
        raise Http404(_("The results of this expo have not been published yet."))
    return expo


def _charts(results, language: str) -> dict:
    tables = results.tables
    figures = results.figures
    unit = large_unit(results.currency, language)

    def volume(line, key="trade_volume"):
        return line[key], f"{in_large_units(line[key], results.currency, language)} {unit}"

    sectors = [line for line in tables["by_sector"] if line["trade_volume"]][:CHART_LINES]
    countries = [line for line in tables["by_country"] if line["trade_volume"]][:CHART_LINES]
    return {
        "signed_vs_intended": split_bar(
            [
                (
                    _("signed"),
                    figures["trade_volume"],
                    f"{in_large_units(figures['trade_volume'], results.currency, language)} {unit}",
                ),
                (
                    _("intended"),
                    figures["intended_volume"],
                    f"{in_large_units(figures['intended_volume'], results.currency, language)} {unit}",
                ),
            ],
            title=_("Trade volume signed and intended"),
        ),
        "by_sector": bar_chart(
            [(sector_label(line["sector"]), *volume(line)) for line in sectors],
            title=_("Trade volume by sector"),
            colour=PALETTE[0],
        ),
        "by_country": bar_chart(
            [(area_label(line["country"]), *volume(line)) for line in countries],
            title=_("Trade volume by country or region"),
            colour=PALETTE[1],
        ),
        "size_bands": bar_chart(
            [
                (str(BAND_LABELS[line["band"]]), line["projects"], number(line["projects"], language))
                for line in tables["size_bands"]
            ],
            title=_("Contracted projects by size"),
            colour=PALETTE[2],
        ),
        "by_day": bar_chart(
            [(line["day"], *volume(line)) for line in tables["trade_by_day"]],
            title=_("Trade volume by signing day"),
            colour=PALETTE[3],
        ),
    }


def _figure_cards(results, language: str) -> list[dict]:
    f = results.figures
    unit = large_unit(results.currency, language)
    comparison = (results.comparison or {}).get("previous_edition") or {}
    changes = comparison.get("change_percent", {})

    def card(key, label, shown):
        return {"key": key, "label": label, "value": shown, "change": changes.get(key)}

    return [
        card("participants", _("participants"), number(f["participants"], language)),
        card(
            "countries_and_regions", _("countries and regions"), number(f["countries_and_regions"], language)
        ),
        card(
            "exhibitors",
            _("exhibitors (%(foreign)s foreign)") % {"foreign": number(f["exhibitors_foreign"], language)},
            number(f["exhibitors"], language),
        ),
        card("checked_in", _("people checked in"), number(f["checked_in"], language)),
        card("meetings_held", _("meetings held"), number(f["meetings_held"], language)),
        card(
            "deals_signed",
            _("deals signed (%(intended)s intended)") % {"intended": number(f["deals_intended"], language)},
            number(f["deals_signed"], language),
        ),
        card(
            "trade_volume",
            _("trade volume, %(unit)s") % {"unit": unit},
            in_large_units(f["trade_volume"], results.currency, language),
        ),
        card("contracted_projects", _("contracted projects"), number(f["contracted_projects"], language)),
        card(
            "contracted_investment",
            _("contracted investment, %(unit)s") % {"unit": unit},
            in_large_units(f["contracted_investment"], results.currency, language),
        ),
    ]


def _live_view(request, expo, *, live_by_default: bool) -> bool:
    """The organisers follow the live figures (on the dashboard by default, elsewhere with
    ?view=live); everyone else reads the published snapshot. Before publication only
    organisers get this far, and there is nothing but the live figures."""
    if not is_published(expo):
        return True
    if not sees_as_organiser(request.user, expo):
        return False
    view = request.GET.get("view", "")
    return view == "live" or (live_by_default and view != "published")


def _results(expo, *, live: bool):
    return compute_results(expo) if live else published_results(expo)


def results_dashboard(request, slug: str):
    expo = _expo_for_results(request, slug)
    language = get_language()
    live = _live_view(request, expo, live_by_default=True)
    results = _results(expo, live=live)
    history = publication_history(expo)
    communique = build_communique(results, language=language, internal=live, history=history)
    changes = changes_since_publication(expo, results.document(detailed=False)) if live else None
    publication = current_publication(expo)
    context = {
        "expo": expo,
        "results": results,
        "communique": communique,
        "cards": _figure_cards(results, language),
        "charts": _charts(results, language),
        "organiser": sees_as_organiser(request.user, expo),
        "can_publish": administers_expo(request.user, expo),
        "published": is_published(expo),
        "publication": publication,
        "live": live,
        "changes": None if changes is None else change_lines(changes, results.currency, language),
        "refresh_seconds": REFRESH_SECONDS if live and expo.status == ExpoStatus.RUNNING else None,
        "as_of": results.as_of.astimezone(expo.tz),
        "report_formats": sorted(REPORT_FORMATS),
        # Exhibitor sales (issue 17): space sold per pavilion, revenue invoiced and paid.
        "sales": sales_figures(expo) if sees_as_organiser(request.user, expo) else None,
    }
    if request.GET.get("fragment"):
        return render(request, "reports/results_live.html", context)
    return render(request, "reports/results_dashboard.html", context)


@require_POST
def results_publication(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not administers_expo(request.user, expo):
        # The domain refuses too, but a refusal is a 403, not a redirect with a message.
        raise PermissionDenied
    try:
        if request.POST.get("action") == "withdraw":
            withdraw_results(expo, by=request.user)
            messages.success(request, _("The results are no longer public."))
        else:
            publication = publish_results(expo, by=request.user)
            if publication.created:
                messages.success(
                    request,
                    _("Publication %(number)s: the results as they stand now are public.")
                    % {"number": publication.number},
                )
            else:
                messages.info(
                    request,
                    _("Nothing has changed since publication %(number)s; it stays as it was.")
                    % {"number": publication.number},
                )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("reports:dashboard", slug=expo.slug)


def communique_page(request, slug: str):
    expo = _expo_for_results(request, slug)
    language = get_language()
    file_format = request.GET.get("format", "")
    live = _live_view(request, expo, live_by_default=False)
    if file_format:
        if file_format not in REPORT_FORMATS:
            raise Http404(_("Unknown format."))
        content = render_report(
            expo,
            file_format=file_format,
            language=language,
            include_deals=expo.deals.count() <= PAGE_DEAL_SHEET_LIMIT,
            live=live,
        )
        response = HttpResponse(content, content_type=REPORT_FORMATS[file_format])
        response["Content-Disposition"] = (
            f'attachment; filename="{expo.slug}-results-{language}.{file_format}"'
        )
        return response
    results = _results(expo, live=live)
    return render(
        request,
        "reports/communique.html",
        {
            "expo": expo,
            "communique": build_communique(
                results, language=language, internal=live, history=publication_history(expo)
            ),
            "formats": sorted(REPORT_FORMATS),
            "live": live,
            "published": is_published(expo),
            "organiser": sees_as_organiser(request.user, expo),
        },
    )


def exports_page(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    if not sees_as_organiser(request.user, expo):
        raise Http404(_("Only the expo's organisers export data."))
    if request.method == "POST":
        try:
            job = request_export(
                expo,
                dataset=request.POST.get("dataset", ""),
                file_format=request.POST.get("format", ""),
                by=request.user,
                language=get_language(),
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Your export #%(id)s is being prepared.") % {"id": job.pk})
        return redirect("reports:exports", slug=expo.slug)
    jobs = ExportJob.objects.filter(expo=expo).defer("content").select_related("requested_by")
    page = Paginator(jobs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/exports.html",
        {
            "expo": expo,
            "page": page,
            "datasets": DATASETS,
            "formats": FORMATS,
            "pending": any(job.status in (ExportStatus.QUEUED, ExportStatus.RUNNING) for job in page),
        },
    )


def export_download(request, slug: str, job_id: int):
    expo = get_visible_expo(slug, request.user)
    if not sees_as_organiser(request.user, expo):
        raise Http404(_("Only the expo's organisers export data."))
    if job_id > 2**63 - 1:
        raise Http404(_("No such export."))
    job = get_object_or_404(ExportJob, expo=expo, pk=job_id, status=ExportStatus.READY)
    content_type = "text/csv; charset=utf-8" if job.file_format == "csv" else REPORT_FORMATS["xlsx"]
    response = HttpResponse(bytes(job.content), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
