"""The communiqué: the headline results written as an expo's closing statement, in the
reader's language, followed by the detailed tables. Every number comes from
domain.results, so the text and the figures cannot disagree."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, npgettext, pgettext

from tradefair.common.formatting import format_time_zone
from tradefair.common.i18n import localize
from tradefair.reports.domain.results import Results
from tradefair.reports.domain.wording import (
    BAND_LABELS,
    COLUMN_LABELS,
    FIGURE_LABELS,
    MONEY_FIGURES,
    amount,
    area_label,
    figure_value,
    large_amount,
    number,
    sector_label,
)


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: list[bool]
    # The same cells as numbers where they are numbers (for a spreadsheet): amounts
    # and counts as Decimal/int, a change as a fraction (0.125 for +12.5 %).
    values: list[list] = field(default_factory=list)
    percent_columns: list[int] = field(default_factory=list)

    @property
    def aligned_columns(self) -> list[tuple[str, bool]]:
        return list(zip(self.columns, self.numeric, strict=True))

    @property
    def aligned_rows(self) -> list[list[tuple[str, bool]]]:
        return [list(zip(row, self.numeric, strict=True)) for row in self.rows]


@dataclass
class Communique:
    language: str
    title: str
    subtitle: str
    paragraphs: list[str]
    warnings: list[str]
    tables: list[Table]


def _counted(template: str, count: int, language: str) -> str:
    """A count with its noun in the form the reader's language needs for it (Russian
    "1 контрактный проект", "93 контрактных проекта", "95 контрактных проектов"):
    ``template`` is npgettext's choice for ``count``."""
    return template % {"count": number(count, language)}


def headline_sentences(results: Results, language: str) -> list[str]:
    f = results.figures
    currency = results.currency
    first = _(
        "%(merchants)s %(countries)s took part; %(exhibitors)s exhibited; the expo yielded a trade volume "
        "of %(volume)s and %(projects)s."
    ) % {
        "merchants": _counted(
            npgettext("communiqué", "%(count)s merchant", "%(count)s merchants", f["merchants"]),
            f["merchants"],
            language,
        ),
        "countries": _counted(
            npgettext(
                "communiqué",
                "from %(count)s country or region",
                "from %(count)s countries and regions",
                f["countries_and_regions"],
            ),
            f["countries_and_regions"],
            language,
        ),
        "exhibitors": _counted(
            npgettext(
                "communiqué",
                "%(count)s enterprise or institution",
                "%(count)s enterprises and institutions",
                f["exhibitors"],
            ),
            f["exhibitors"],
            language,
        ),
        "volume": large_amount(f["trade_volume"], currency, language),
        "projects": _counted(
            npgettext(
                "communiqué",
                "%(count)s contracted project",
                "%(count)s contracted projects",
                f["contracted_projects"],
            ),
            f["contracted_projects"],
            language,
        ),
    }
    second = _(
        "%(signed)s and %(intended)s worth %(intended_volume)s; the contracted projects total an "
        "investment of %(investment)s."
    ) % {
        "signed": _counted(
            npgettext(
                "communiqué", "%(count)s deal was signed", "%(count)s deals were signed", f["deals_signed"]
            ),
            f["deals_signed"],
            language,
        ),
        "intended": _counted(
            npgettext(
                "communiqué",
                "%(count)s more was declared as an intention",
                "%(count)s more were declared as intentions",
                f["deals_intended"],
            ),
            f["deals_intended"],
            language,
        ),
        "intended_volume": large_amount(f["intended_volume"], currency, language),
        "investment": large_amount(f["contracted_investment"], currency, language),
    }
    matchmaking = (results.tables or {}).get("matchmaking") or {}
    third = _("%(participants)s, %(checked_in)s; %(held)s %(scheduled)s.") % {
        "participants": _counted(
            npgettext(
                "communiqué",
                "%(count)s participant registered",
                "%(count)s participants registered",
                f["participants"],
            ),
            f["participants"],
            language,
        ),
        "checked_in": _counted(
            npgettext(
                "communiqué",
                "of whom %(count)s was checked in on site",
                "of whom %(count)s were checked in on site",
                f["checked_in"],
            ),
            f["checked_in"],
            language,
        ),
        "held": _counted(
            npgettext(
                "communiqué",
                "%(count)s business meeting was held",
                "%(count)s business meetings were held",
                f["meetings_held"],
            ),
            f["meetings_held"],
            language,
        ),
        "scheduled": _counted(
            npgettext(
                "communiqué",
                "out of %(count)s scheduled",
                "out of %(count)s scheduled",
                f["meetings_scheduled"],
            ),
            f["meetings_scheduled"],
            language,
        ),
    }
    sentences = [first, second, third]
    if matchmaking.get("meetings_with_deals"):
        deals = matchmaking["deals_signed"] + matchmaking["deals_intended"]
        sentences.append(
            _("Business matchmaking led to %(deals)s %(meetings)s, with a trade volume of %(volume)s.")
            % {
                "deals": _counted(
                    npgettext("communiqué", "%(count)s deal", "%(count)s deals", deals), deals, language
                ),
                "meetings": _counted(
                    npgettext(
                        "communiqué",
                        "from %(count)s meeting",
                        "from %(count)s meetings",
                        matchmaking["meetings_with_deals"],
                    ),
                    matchmaking["meetings_with_deals"],
                    language,
                ),
                "volume": large_amount(matchmaking["trade_volume"], currency, language),
            }
        )
    if matchmaking.get("online_meetings_held"):
        online = matchmaking["online_meetings_held"]
        deals = matchmaking.get("online_meeting_deals", 0)
        sentences.append(
            _("%(held)s online by video, %(deals)s.")
            % {
                "held": _counted(
                    npgettext(
                        "communiqué",
                        "%(count)s of the business meetings was held",
                        "%(count)s of the business meetings were held",
                        online,
                    ),
                    online,
                    language,
                ),
                "deals": _counted(
                    npgettext(
                        "communiqué",
                        "from which %(count)s deal was recorded",
                        "from which %(count)s deals were recorded",
                        deals,
                    ),
                    deals,
                    language,
                ),
            }
        )
    return sentences


def change_lines(changes: dict, currency: str, language: str) -> list[dict]:
    """Each changed headline figure as the reader reads it: label, before, after."""
    lines = []
    for key, label in FIGURE_LABELS.items():
        if key not in changes:
            continue
        before, after = changes[key]

        def shown(value, key=key):
            if value is None:
                return "—"
            if key in MONEY_FIGURES:
                return large_amount(Decimal(value), currency, language)
            return number(value, language)

        lines.append({"key": key, "label": str(label), "before": shown(before), "after": shown(after)})
    return lines


def _moment(expo, when, language: str) -> str:
    local = when.astimezone(expo.tz)
    return f"{local:%Y-%m-%d %H:%M} ({format_time_zone(expo.time_zone, language, at=local)})"


def history_table(expo, publications, *, currency: str, language: str) -> Table:
    """The update history: each publication with its time and what it changed."""
    rows = []
    for publication in publications:
        if publication.number == 1:
            what = _("First publication")
        elif publication.changes:
            what = "; ".join(
                f"{line['label']}: {line['before']} → {line['after']}"
                for line in change_lines(publication.changes, currency, language)
            )
        else:
            what = _("Detailed tables updated; headline figures unchanged")
        if publication.withdrawn_at:
            what += " " + _("(withdrawn on %(when)s)") % {
                "when": _moment(expo, publication.withdrawn_at, language)
            }
        rows.append(
            [
                _("Publication %(number)s") % {"number": number(publication.number, language)},
                _moment(expo, publication.published_at, language),
                what,
            ]
        )
    return Table(
        _("Update history"),
        [_("Publication"), _("Published"), _("What changed")],
        rows,
        [False, False, False],
    )


def build_communique(results: Results, *, language: str, internal: bool = True, history=None) -> Communique:
    """``internal`` is the organisers' version, with the warnings meant for them (deals
    left out for want of a rate); the public version has none. ``history`` lists the
    publications, shown as the update history after the tables."""
    with translation.override(language):
        expo = results.expo
        currency = results.currency
        name = localize(expo.name, expo.languages)
        as_of = results.as_of.astimezone(expo.tz)
        warnings = []
        if internal and results.unconverted_deals:
            warnings.append(
                ngettext(
                    "%(count)s deal is left out of the totals because no exchange rate is known "
                    "for its currency on its signing date: %(ids)s.",
                    "%(count)s deals are left out of the totals because no exchange rate is known "
                    "for their currency on their signing date: %(ids)s.",
                    len(results.unconverted_deals),
                )
                % {
                    "count": number(len(results.unconverted_deals), language),
                    "ids": ", ".join(f"#{pk}" for pk in results.unconverted_deals),
                }
            )
        tables = [_figures_table(results, language)]
        tables += _detail_tables(results, language)
        if history:
            tables.append(history_table(expo, history, currency=currency, language=language))
        return Communique(
            language=language,
            title=_("Results of %(expo)s") % {"expo": name},
            subtitle=_("Figures as of %(when)s (%(zone)s); amounts in %(currency)s.")
            % {
                "when": as_of.strftime("%Y-%m-%d %H:%M"),
                "zone": format_time_zone(expo.time_zone, language, at=as_of),
                "currency": currency,
            },
            paragraphs=headline_sentences(results, language),
            warnings=warnings,
            tables=tables,
        )


def _figures_table(results: Results, language: str) -> Table:
    previous = (results.comparison or {}).get("previous_edition")
    cumulative = (results.comparison or {}).get("cumulative")
    columns = [_("Figure"), _("This edition")]
    if previous:
        columns += [_("Previous edition"), pgettext("difference from the previous edition", "Change")]
    if cumulative and cumulative["editions"] < 2:
        cumulative = None
    if cumulative:
        columns.append(_("Since edition %(number)s") % {"number": cumulative["since_edition"]})
    rows = []
    values = []

    def shown(key, value):
        return amount(value, language) if key in MONEY_FIGURES else figure_value(key, value, "", language)

    for key, label in FIGURE_LABELS.items():
        value = results.figures[key]
        heading = f"{label} ({results.currency})" if key in MONEY_FIGURES else str(label)
        row = [heading, shown(key, value)]
        raw = [heading, value]
        if previous:
            if key in previous["figures"]:
                change = previous["change_percent"][key]
                row += [
                    shown(key, previous["figures"][key]),
                    "" if change is None else f"{'+' if not change.startswith('-') else ''}{change} %",
                ]
                raw += [previous["figures"][key], _fraction(change)]
            else:
                row += ["", ""]
                raw += [None, None]
        if cumulative:
            total = cumulative["figures"].get(key)
            row.append("" if total is None else shown(key, total))
            raw.append(total)
        rows.append(row)
        values.append(raw)
    return Table(
        _("Key figures"),
        columns,
        rows,
        [False] + [True] * (len(columns) - 1),
        values,
        [3] if previous else [],
    )


def _fraction(percent: str | None):
    if percent is None:
        return None
    try:
        return Decimal(percent) / 100
    except (InvalidOperation, ValueError):
        return None


def _detail_tables(results: Results, language: str) -> list[Table]:
    tables = results.tables
    currency = results.currency
    deal_columns = [
        "deals_signed",
        "deals_intended",
        "trade_volume",
        "intended_volume",
        "contracted_projects",
        "contracted_investment",
    ]

    def cells(line, keys):
        return [
            amount(line[key], language)
            if key in {"trade_volume", "intended_volume", "contracted_investment", "amount", "amount_base"}
            else number(line[key], language)
            for key in keys
        ]

    money_keys = {"trade_volume", "intended_volume", "contracted_investment", "amount_base"}

    def heading(key):
        label = str(COLUMN_LABELS[key])
        return f"{label} ({currency})" if key in money_keys else label

    def numeric_flags(count):
        return [False] + [True] * count

    def raw(line, keys):
        return [line[key] for key in keys]

    out = [
        Table(
            _("By sector"),
            [str(COLUMN_LABELS["sector"])] + [heading(key) for key in deal_columns],
            [[sector_label(line["sector"])] + cells(line, deal_columns) for line in tables["by_sector"]],
            numeric_flags(len(deal_columns)),
            [[sector_label(line["sector"])] + raw(line, deal_columns) for line in tables["by_sector"]],
        ),
        Table(
            _("By country or region"),
            [str(COLUMN_LABELS["country"])] + [heading(key) for key in deal_columns],
            [[area_label(line["country"])] + cells(line, deal_columns) for line in tables["by_country"]],
            numeric_flags(len(deal_columns)),
            [[area_label(line["country"])] + raw(line, deal_columns) for line in tables["by_country"]],
        ),
        Table(
            _("Contracted projects by size"),
            [
                str(COLUMN_LABELS["band"]),
                str(COLUMN_LABELS["projects"]),
                f"{COLUMN_LABELS['amount']} ({currency})",
            ],
            [
                [str(BAND_LABELS[line["band"]])] + cells(line, ["projects", "amount"])
                for line in tables["size_bands"]
            ],
            numeric_flags(2),
            [
                [str(BAND_LABELS[line["band"]])] + raw(line, ["projects", "amount"])
                for line in tables["size_bands"]
            ],
        ),
        Table(
            _("By currency"),
            [
                str(COLUMN_LABELS[key])
                for key in ("currency", "deals", "amount", "amount_base", "unconverted")
            ],
            [
                [
                    line["currency"],
                    number(line["deals"], language),
                    amount(line["amount"], language),
                    amount(line["amount_base"], language),
                    number(line["unconverted"], language),
                ]
                for line in tables["by_currency"]
            ],
            numeric_flags(4),
            [
                raw(line, ["currency", "deals", "amount", "amount_base", "unconverted"])
                for line in tables["by_currency"]
            ],
        ),
    ]
    return out
