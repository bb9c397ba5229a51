"""The organiser's report of a round: the engine's schedule beside first-come-first-served
booking of the same instance, figure by figure."""

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from tradefair.matchmaking.models import MeetingStatus, Round


@dataclass(frozen=True)
class ReportLine:
    label: str
    engine: object
    baseline: object
    better: str  # "more", "less" or "" : which way is better

    @property
    def winner(self) -> str:
        """ "engine" or "baseline" when the figures differ and are comparable, else ""."""

        def value(x):
            text = str(x).split(" / ")[0]
            try:
                return float(text)
            except ValueError:
                return None

        e, b = value(self.engine), value(self.baseline)
        if not self.better or e is None or b is None or e == b:
            return ""
        return "engine" if (e > b) == (self.better == "more") else "baseline"


def no_show_rate(round_: Round) -> float | None:
    counts = round_.meetings.aggregate(
        held=Count("id", filter=Q(status=MeetingStatus.HELD)),
        missed=Count("id", filter=Q(status=MeetingStatus.NO_SHOW)),
    )
    recorded = counts["held"] + counts["missed"]
    return round(counts["missed"] / recorded, 3) if recorded else None


def report_data(round_: Round) -> dict:
    """The report as plain data (the API returns it as is)."""
    report = round_.report or {}
    engine, baseline = report.get("engine") or {}, report.get("baseline") or {}
    return {
        "round": round_.pk,
        "status": round_.status,
        "participants": report.get("participants", 0),
        "pinned": report.get("pinned", 0),
        "engine": {
            "meetings": engine.get("meetings", 0) + report.get("pinned", 0),
            "required_scheduled": engine.get("required_scheduled", 0),
            "required_total": engine.get("required_total", 0),
            "weight": engine.get("weight", 0),
            "upper_bound": engine.get("upper_bound"),
            "idle_slots": engine.get("idle_slots", 0),
            "floor_shortfall": engine.get("floor_shortfall", 0),
            "participants_without_meeting": report.get("participants_without_meeting", 0),
            "no_show_rate": no_show_rate(round_),
            "seconds": engine.get("seconds"),
        },
        "baseline": {
            "meetings": baseline.get("meetings", 0),
            "required_scheduled": baseline.get("required_scheduled", 0),
            "required_total": baseline.get("required_total", 0),
            "weight": baseline.get("weight", 0),
            "upper_bound": None,
            "idle_slots": baseline.get("idle_slots", 0),
            "floor_shortfall": baseline.get("floor_shortfall", 0),
            "participants_without_meeting": baseline.get("participants_without_meeting", 0),
            "no_show_rate": None,
            "seconds": baseline.get("seconds"),
        },
    }


def _shown_bound(bound, weight) -> object:
    """The engine's proven bound on the value. A bound a hundred times the value carries the
    engine's internal bonus for floors and tells an organiser nothing; it is left out."""
    if bound is None or bound > 100 * max(1.0, weight):
        return "–"
    return round(bound, 2)


def report_lines(round_: Round) -> list[ReportLine]:
    data = report_data(round_)
    e, b = data["engine"], data["baseline"]
    return [
        ReportLine(_("Meetings"), e["meetings"], b["meetings"], "more"),
        ReportLine(
            _("Accepted requests scheduled"),
            f"{e['required_scheduled']} / {e['required_total']}",
            f"{b['required_scheduled']} / {b['required_total']}",
            "more",
        ),
        ReportLine(_("Total value of meetings"), round(e["weight"], 2), round(b["weight"], 2), "more"),
        ReportLine(_("Upper bound on the value"), _shown_bound(e["upper_bound"], e["weight"]), "", ""),
        ReportLine(_("Idle slots between meetings"), e["idle_slots"], b["idle_slots"], "less"),
        ReportLine(_("Meetings missing below the floor"), e["floor_shortfall"], b["floor_shortfall"], "less"),
        ReportLine(
            _("Participants with no meeting"),
            e["participants_without_meeting"],
            b["participants_without_meeting"],
            "less",
        ),
        ReportLine(
            _("No-show rate"),
            f"{e['no_show_rate']:.0%}" if e["no_show_rate"] is not None else "–",
            "–",
            "less",
        ),
    ]
