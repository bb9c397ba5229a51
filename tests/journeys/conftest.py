"""What the journey tests share: one Chromium per module (a launch costs about a second),
the live server as the address of every e-mail link, and the page texts in a language."""

import os

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.chromium import chromium

BROWSER_LOCALES = {"en": "en-GB", "ru": "ru-RU", "zh-hans": "zh-CN"}


def t(language: str, text: str, **params) -> str:
    """What the page says in that language."""
    with translation.override(language):
        translated = gettext(text)
    return translated % params if params else translated


@pytest.fixture(scope="module")
def browser():
    """One browser for the module's tests. Playwright runs an event loop in this thread,
    in which Django refuses to run the ORM unless told that the tests, which read the
    database between pages, know what they do."""
    before = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with chromium() as browser:
            yield browser
    finally:
        if before is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = before


@pytest.fixture
def new_page(browser):
    """A page in a browser context of its own (its own cookies: one person each)."""
    contexts = []

    def make(language: str):
        context = browser.new_context(
            viewport={"width": 1280, "height": 900}, locale=BROWSER_LOCALES[language]
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(autouse=True)
def _site(settings, live_server):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False
    # Each person chooses and types a password: a slow hash per sign-in adds up.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Every e-mail link must lead to the server the browser talks to.
    settings.SITE_URL = live_server.url
    # Rounds run in line in the request that starts them, not in a thread of the server.
    settings.MATCHMAKING_SYNCHRONOUS = True
