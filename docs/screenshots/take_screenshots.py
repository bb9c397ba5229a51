"""Screenshots of the demo in the region's languages, for docs/screenshots/.

Start the demo first (`make demo`, or `tradefair serve` on a database that holds it),
then: `.venv/bin/python docs/screenshots/take_screenshots.py [--base http://127.0.0.1:8000]`.
Uses Debian's Chromium (`apt-get install chromium`) through Playwright."""

import argparse
from pathlib import Path

from playwright.sync_api import sync_playwright

LANGUAGES = ["zh-hans", "ja", "ko", "ru", "mn", "ar"]
PAGES = {
    "home": "/",
    "exhibitors": "exhibitors/",
    "results": "results/",
    "communique": "results/communique/",
}
HERE = Path(__file__).resolve().parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=args.chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(args.base + "/")
        expo_url = page.url  # the home page sends visitors to the current edition
        for language in LANGUAGES:
            for name, path in PAGES.items():
                url = expo_url if path == "/" else expo_url.rstrip("/") + "/" + path
                page.goto(f"{url}?lang={language}")
                target = HERE / f"{language}-{name}.png"
                page.screenshot(path=str(target), full_page=False)
                print(target.relative_to(HERE.parent.parent))
        browser.close()


if __name__ == "__main__":
    main()
