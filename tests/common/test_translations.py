"""Ten interface languages, kept complete.

The catalogs must be whole (no untranslated or fuzzy entry), compile without error,
match their compiled .mo files and hold every string the code marks. Every page of the
permission matrix's world is then rendered in each language and must not show the
English source text of a string the language translates."""

import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.db import transaction
from django.utils.translation import to_locale

from tests.common.permission_matrix import PAGES
from tests.common.test_permission_matrix import _clients, build_world, fill

SOURCE = Path(settings.LOCALE_PATHS[0]).parent
LANGUAGES = [code for code, _name in settings.LANGUAGES]
TRANSLATED = [code for code in LANGUAGES if code != "en"]


def catalog_path(language: str, suffix: str = "po") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / to_locale(language) / "LC_MESSAGES" / f"django.{suffix}"


def catalog(language: str) -> polib.POFile:
    return polib.pofile(str(catalog_path(language)))


# ---------------------------------------------------------------------------
# The catalogs


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_is_complete(language):
    po = catalog(language)
    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert untranslated == [], f"{language}: {len(untranslated)} untranslated, first {untranslated[:5]}"
    assert fuzzy == [], f"{language}: {len(fuzzy)} fuzzy, first {fuzzy[:5]}"
    assert po.obsolete_entries() == [], f"{language}: obsolete entries (run makemessages --no-obsolete)"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_catalog_compiles_without_error(language, tmp_path):
    """What ``compilemessages`` runs, with the format checks on."""
    result = subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(catalog_path(language))],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_current(language):
    """The .mo files are committed (as Django's own are); a catalog edited without
    ``compilemessages`` would leave the old texts on the pages."""
    po = {(entry.msgid, entry.msgid_plural): entry for entry in catalog(language).translated_entries()}
    mo = {
        (entry.msgid, entry.msgid_plural): entry for entry in polib.mofile(str(catalog_path(language, "mo")))
    }
    mo.pop(("", ""), None)
    assert sorted(po) == sorted(mo), f"{language}: run `tradefair compilemessages`"
    changed = [
        key
        for key, entry in po.items()
        if (entry.msgstr, dict(entry.msgstr_plural)) != (mo[key].msgstr, dict(mo[key].msgstr_plural))
    ]
    assert changed == [], f"{language}: run `tradefair compilemessages` ({len(changed)} changed)"


def test_every_marked_string_is_in_the_catalogs(tmp_path):
    """``makemessages`` on a copy of the sources finds exactly the catalogs' strings: a
    new string nobody extracted (or a string the code no longer has) fails here."""
    copy = tmp_path / "tradefair"
    shutil.copytree(SOURCE, copy, ignore=shutil.ignore_patterns("locale", "__pycache__", "static"))
    (copy / "locale").mkdir()
    subprocess.run(
        ["django-admin", "makemessages", "-l", "en", "--no-obsolete", "--add-location", "file"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"},
    )
    fresh = {entry.msgid for entry in polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))}
    for language in LANGUAGES:
        known = {entry.msgid for entry in catalog(language)}
        assert sorted(fresh - known) == [], f"{language}: strings missing, run makemessages (CONTRIBUTING.md)"
        assert sorted(known - fresh) == [], f"{language}: strings no longer in the code, run makemessages"


# ---------------------------------------------------------------------------
# The pages


class VisibleText(HTMLParser):
    """The text a reader sees: text nodes and labelling attributes, without scripts,
    styles and the language switcher (which names each language in itself)."""

    SKIPPED = {"script", "style"}
    LABELS = ("title", "placeholder", "alt", "aria-label")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag in self.SKIPPED or (tag == "select" and attributes.get("id") == "language-select"):
            self.skipping += 1
            return
        for name in self.LABELS:
            if attributes.get(name):
                self.nodes.append(attributes[name].strip())
        if tag == "input" and attributes.get("type") in ("submit", "button") and attributes.get("value"):
            self.nodes.append(attributes["value"].strip())

    def handle_endtag(self, tag):
        if self.skipping and (tag in self.SKIPPED or tag == "select"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.nodes.append(" ".join(data.split()))


def visible_text(html: str) -> list[str]:
    parser = VisibleText()
    parser.feed(html)
    return parser.nodes


PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}|<[^>]+>")


def english_probes(language: str) -> tuple[set[str], list[str]]:
    """The English texts that must not show in ``language``: whole one-word strings
    (matched against whole text nodes, so that "Hall" in a hall's name is no finding)
    and the literal runs of longer strings (matched anywhere)."""
    words, phrases = set(), []
    for entry in catalog(language).translated_entries():
        if entry.msgstr == entry.msgid or entry.msgid in entry.msgstr:
            continue  # the language writes it the same way ("ISIC", "iCal")
        for part in PLACEHOLDER.split(entry.msgid):
            part = " ".join(part.split()).strip(" .,:;()·–-")
            if not re.search(r"[A-Za-z]{2}", part):
                continue
            if " " in part and len(part) >= 12:
                phrases.append(part)
            elif part == " ".join(entry.msgid.split()).strip(" .,:;"):
                words.add(part)
    return words, phrases


def page_role(entry) -> str | None:
    for role in ("public", "organiser_a", "participant", "exhibitor_admin", "checkin_staff"):
        if role in entry.allowed:
            return role
    return None


HTML_PAGES = [
    entry for entry in PAGES if entry.method == "GET" and not re.search(r"\.(pdf|ics|json\.gz)$", entry.path)
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world["clients"] = _clients(world)
        yield world
        transaction.set_rollback(True)


def rendered_pages(world, language: str):
    """Each page of the world, as the first role allowed to see it, in ``language``."""
    objects = world["objects"]
    for entry in HTML_PAGES:
        role = page_role(entry)
        if role is None:
            continue
        url = fill("/" + entry.path, objects, entry.parameters)
        response = world["clients"][role].get(url, follow=True, HTTP_ACCEPT_LANGUAGE=language)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        yield url, role, response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("language", TRANSLATED)
def test_no_page_shows_english_source_text(world, language):
    words, phrases = english_probes(language)
    findings, seen = [], 0
    for url, role, html in rendered_pages(world, language):
        seen += 1
        assert f'lang="{language}"' in html, f"{url} was not rendered in {language}"
        nodes = visible_text(html)
        text = "\n".join(nodes)
        findings += [f"{url} ({role}): {node!r}" for node in nodes if node.strip(" .,:;") in words]
        findings += [f"{url} ({role}): {phrase!r}" for phrase in phrases if phrase in text]
    assert seen > 40, f"only {seen} pages rendered"
    assert findings == [], f"{len(findings)} English texts in {language}:\n" + "\n".join(findings[:40])


@pytest.mark.django_db
def test_an_arabic_page_reads_right_to_left(world):
    html = world["clients"]["public"].get("/", {"lang": "ar"}).content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    html = world["clients"]["public"].get("/", {"lang": "ja"}).content.decode()
    assert '<html lang="ja" dir="ltr">' in html
