"""Security headers (issue #19): no Content-Security-Policy was sent, so markup that
slipped past escaping could run script; HSTS ``preload`` was forced on every HTTPS
deployment. Now every response carries a strict policy (scripts and styles from the
site only, no inline code), no template needs more, and preloading is the operator's
choice."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

import tradefair
from tests.factories import ExpoFactory
from tradefair.common.content_security import ERROR_PAGE_STYLE, style_hash

SOURCE = Path(tradefair.__file__).parent
TEMPLATES = sorted(SOURCE.glob("*/templates/**/*.html"))

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"<[^>]*\sstyle\s*=", re.IGNORECASE)
SCRIPT_URL = re.compile(r"javascript:", re.IGNORECASE)


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/", "/expos/cnea/", "/expos/cnea/exhibitors/", "/accounts/login/", "/api/v1/expos", "/missing/"]
)
def test_every_response_carries_a_strict_policy(client, path):
    ExpoFactory(slug="cnea")
    response = client.get(path)

    directives = _directives(response["Content-Security-Policy"])
    assert directives["default-src"] == ["'self'"]
    assert directives["script-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["form-action"] == ["'self'"]
    assert not any("unsafe" in source for sources in directives.values() for source in sources)


# The pages served when the server or its database fails (500, and 503 while PostgreSQL
# is away) cannot count on the stylesheet: one inline style, allowed by its hash.
ERROR_PAGES = ("500.html", "503.html")


@pytest.mark.parametrize("name", ERROR_PAGES)
def test_the_error_page_style_is_the_one_the_policy_allows(settings, name):
    page = (SOURCE / "common/templates" / name).read_text()
    blocks = re.findall(r"<style>(.*?)</style>", page, re.DOTALL)

    assert blocks == [ERROR_PAGE_STYLE]
    assert style_hash(blocks[0]) in _directives(settings.CONTENT_SECURITY_POLICY)["style-src"]


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: str(path.relative_to(SOURCE)))
def test_no_template_carries_inline_script_handlers_or_styles(template):
    text = template.read_text()

    assert INLINE_SCRIPT.findall(text) == []
    assert EVENT_HANDLER.findall(text) == []
    assert SCRIPT_URL.findall(text) == []
    if template.name not in ERROR_PAGES:
        assert STYLE_ATTRIBUTE.findall(text) == []
        assert "<style" not in text


def test_the_policy_can_be_tried_in_report_only_mode(client, settings, db):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = True
    response = client.get("/")

    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]


def _production_settings(tmp_path, **extra: str) -> str:
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    env |= {
        "DJANGO_SETTINGS_MODULE": "tradefair.common.settings",
        "TRADEFAIR_DATA_DIR": str(tmp_path),
        "TRADEFAIR_HTTPS": "1",
        "TRADEFAIR_SECRET_KEY": secrets.token_urlsafe(60),
        "TRADEFAIR_ALLOWED_HOSTS": "expo.example",
        **extra,
    }
    script = (
        "import django; django.setup(); from django.conf import settings;"
        "from django.test import Client;"
        "r = Client(HTTP_HOST='expo.example').get('/static/tradefair/nav.js', secure=True);"
        "print(settings.SECURE_HSTS_PRELOAD, '|', r['Strict-Transport-Security'], '|',"
        " r['Content-Security-Policy'])"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_hsts_preload_is_off_unless_the_operator_opts_in(tmp_path):
    preload, hsts, policy = _production_settings(tmp_path).split(" | ")

    assert preload == "False"
    assert hsts == "max-age=31536000; includeSubDomains"
    assert "script-src 'self';" in policy


def test_hsts_preload_and_another_policy_when_the_operator_says_so(tmp_path):
    preload, hsts, policy = _production_settings(
        tmp_path,
        TRADEFAIR_HSTS_PRELOAD="1",
        TRADEFAIR_CSP="default-src 'self'; img-src 'self' https://maps.example",
    ).split(" | ")

    assert preload == "True"
    assert hsts == "max-age=31536000; includeSubDomains; preload"
    assert policy == "default-src 'self'; img-src 'self' https://maps.example"
