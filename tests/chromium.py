"""One way for browser tests to start Debian's Chromium through Playwright."""

import shutil
from contextlib import contextmanager

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Without the background-networking flags Chromium keeps dialling out of a closed network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


@contextmanager
def chromium(*extra_args: str):
    """Start it after the test's data is made: Playwright runs an event loop in this
    thread, in which the ORM refuses to run. ``extra_args`` add Chromium flags (a fake
    camera for the check-in page)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[*ARGS, *extra_args])
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, base: str, username: str, password: str, next_path: str = "") -> None:
    """Through the sign-in page as a person does: typing, then the form's own button, so
    a test also proves the page signs people in."""
    page.goto(f"{base}/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form.stacked-form button[type=submit]")
