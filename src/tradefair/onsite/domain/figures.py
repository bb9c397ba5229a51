"""Entrance figures. A person who enters on three days is one visitor in the headline
figure and one entry per day in the daily ones."""

from tradefair.onsite.models import CheckIn


def checked_in_count(expo) -> int:
    """Distinct participants checked in at least once at the expo."""
    return CheckIn.objects.filter(expo=expo).values("participant_id").distinct().count()
