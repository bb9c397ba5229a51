import pytest


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read English texts unless they ask for another language."""
    settings.LANGUAGE_CODE = "en"
