"""Entrance figures. A person who enters on three days is one visitor in the headline
figure and one visitor on each of those days."""

from django.db.models import Count
from django.db.models.functions import TruncDate

from tradefair.common.regions import country_name
from tradefair.onsite.models import CheckIn


def checked_in_count(expo) -> int:
    """Distinct participants checked in at least once at the expo."""
    return CheckIn.objects.filter(expo=expo).values("participant_id").distinct().count()


def entrance_figures(expo) -> dict:
    """Entries and distinct visitors in total, by day (in the expo's time zone), by
    gate, and visitors by country or region; a handful of grouped queries."""
    entries = CheckIn.objects.filter(expo=expo)
    by_day = (
        entries.annotate(day=TruncDate("scanned_at", tzinfo=expo.tz))
        .values("day")
        .annotate(entries=Count("id"), visitors=Count("participant_id", distinct=True))
        .order_by("day")
    )
    by_gate = (
        entries.values("gate")
        .annotate(entries=Count("id"), visitors=Count("participant_id", distinct=True))
        .order_by("-entries", "gate")
    )
    by_country = (
        entries.values("participant__country")
        .annotate(visitors=Count("participant_id", distinct=True))
        .order_by("-visitors", "participant__country")
    )
    return {
        "entries": entries.count(),
        "visitors": checked_in_count(expo),
        "by_day": [
            {"day": row["day"].isoformat(), "entries": row["entries"], "visitors": row["visitors"]}
            for row in by_day
        ],
        "by_gate": [
            {"gate": row["gate"], "entries": row["entries"], "visitors": row["visitors"]} for row in by_gate
        ],
        "by_country": [
            {
                "country": row["participant__country"],
                "country_name": country_name(row["participant__country"]),
                "visitors": row["visitors"],
            }
            for row in by_country
        ],
    }
