"""One entry point for every form of the communiqué, shared by the page and the
``tradefair report`` command."""

import json

from django.utils import translation

from tradefair.reports.domain.communique import build_communique
from tradefair.reports.domain.exports import deal_rows
from tradefair.reports.domain.publication import publication_block, publication_history, published_results
from tradefair.reports.domain.results import compute_results

FORMATS = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


# Above this many deals the workbook from a web request leaves the deal list out (the
# background export of deals carries it); the command always includes it.
PAGE_DEAL_SHEET_LIMIT = 5000


def render_report(
    expo, *, file_format: str, language: str, include_deals: bool = True, live: bool = False
) -> bytes:
    """The published communiqué when the results are published: the frozen snapshot,
    with its update history, without the organisers' warnings and without the deal list
    (whose amounts are the parties' business, and which the snapshot does not freeze).
    Before publication, or with ``live``, the organisers' draft from the live figures."""
    published = None if live else published_results(expo)
    results = published or compute_results(expo)
    internal = published is None
    history = publication_history(expo)
    communique = build_communique(results, language=language, internal=internal, history=history)
    if file_format == "json":
        document = results.document()
        if published is not None:
            document["publication"] = publication_block(expo)
        document["communique"] = {
            "lang": language,
            "title": communique.title,
            "text": " ".join(communique.paragraphs),
        }
        if internal:
            document["communique"]["warnings"] = communique.warnings
        return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    if file_format == "md":
        from tradefair.reports.rendering.markdown import render_markdown

        return render_markdown(communique).encode("utf-8")
    if file_format == "pdf":
        from tradefair.reports.rendering.pdf import render_pdf

        return render_pdf(communique)
    if file_format == "xlsx":
        from tradefair.reports.rendering.xlsx import render_xlsx

        if not include_deals or not internal:
            return render_xlsx(communique)
        with translation.override(language):
            columns, rows = deal_rows(expo, labelled=True)
            return render_xlsx(communique, deal_sheet=(columns, rows))
    raise ValueError(f"unknown report format {file_format}")
