"""nginx's own "temporarily unavailable" files (deploy/nginx/errors/) say what the
platform says, in its ten languages: they are made from the catalogs and must not lag
behind them. Runs without a cluster."""

import json
import subprocess
import sys
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
ERRORS = ROOT / "deploy" / "nginx" / "errors"
LANGUAGES = ["ar", "de", "en", "es", "fr", "ja", "ko", "mn", "ru", "zh_Hans"]
MESSAGE = "The platform is briefly unavailable. Please try again in a minute."


def _translations() -> dict[str, str]:
    found = {}
    for language in LANGUAGES:
        entry = polib.pofile(str(ROOT / f"src/tradefair/locale/{language}/LC_MESSAGES/django.po")).find(
            MESSAGE
        )
        found[language] = entry.msgstr
    return found


def test_the_files_are_made_from_the_current_catalogs():
    done = subprocess.run(
        [sys.executable, str(ROOT / "deploy/nginx/error_pages.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout


def test_the_page_and_the_json_hold_the_message_in_every_language():
    import html

    page = (ERRORS / "unavailable.html").read_text(encoding="utf-8")
    document = json.loads((ERRORS / "unavailable.json").read_text(encoding="utf-8"))
    translations = _translations()
    assert len(set(translations.values())) == 10
    for language, message in translations.items():
        tag = language.replace("_", "-")
        assert f'<section lang="{tag}"' in page
        assert html.escape(message) in page
        assert document["messages"][tag] == message
    assert '<section lang="ar" dir="rtl">' in page
    assert 'name="viewport"' in page
    assert document["code"] == "unavailable"


def test_nginx_serves_them_for_its_own_errors_only():
    conf = (ROOT / "deploy/nginx/tradefair.conf").read_text()
    assert "error_page 502 504 =503 $tradefair_unavailable;" in conf
    assert "proxy_intercept_errors on" not in conf  # a node's own 503 page is passed on
