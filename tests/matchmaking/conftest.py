import pytest


@pytest.fixture(autouse=True)
def _rounds_run_in_line(settings):
    """Without a broker the platform runs a round in a thread of the web process; tests
    run it in line, inside their transaction."""
    settings.MATCHMAKING_SYNCHRONOUS = True
