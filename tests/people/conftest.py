import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """``with committed():`` runs what the block leaves for after the commit (e-mails),
    as the end of a real request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
