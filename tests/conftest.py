import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _english_by_default(settings):
    """Tests read English texts unless they ask for another language."""
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counts live in the cache: each test starts with none."""
    cache.clear()
    yield
    cache.clear()
