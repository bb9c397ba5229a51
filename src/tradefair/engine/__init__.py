"""Tradefair's matchmaking engine: pure Python on NumPy and OR-Tools, no Django.

The file contract is spec/matchmaking.md. The platform calls:

    load_instance(path) -> Instance            # .json or .json.gz; raises InvalidInstance
    parse_instance(data: dict) -> Instance     # same checks on decoded JSON
    solve(instance, *, time_limit, seed, progress=None) -> Schedule
    schedule_to_dict(schedule) -> dict         # the schedule file, with stats
    validate_schedule(instance, schedule_dict) -> list[str]   # problems; empty when valid
    first_come_first_served(instance, *, seed) -> Schedule    # the baseline rounds are compared to

`InvalidInstance` messages are one line and name the offending entry. `progress`, if given, is called
as progress(phase, note) when each phase of the solver starts.
"""

from .baseline import first_come_first_served
from .instance import Instance, InvalidInstance, load_instance, parse_instance
from .schedule import Schedule, schedule_to_dict
from .solver import solve
from .validation import validate_schedule

__all__ = [
    "Instance",
    "InvalidInstance",
    "Schedule",
    "first_come_first_served",
    "load_instance",
    "parse_instance",
    "schedule_to_dict",
    "solve",
    "validate_schedule",
]
