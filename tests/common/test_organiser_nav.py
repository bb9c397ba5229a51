"""One organiser navigation reaches every organiser page, and shows each only to the
organiser levels allowed to open it (issue #16: the audit log, check-in, deals and badges
were linked from nowhere)."""

import re

import pytest
from django.urls import reverse

from tests.common.permission_matrix import PAGES, X
from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.organiser_pages import GROUPS
from tradefair.expos.models import Organiser, OrganiserLevel

pytestmark = pytest.mark.django_db

ROLE_OF_LEVEL = {
    OrganiserLevel.ADMIN: "organiser_a",
    OrganiserLevel.STAFF: "organiser_staff",
    OrganiserLevel.VIEWER: "organiser_viewer",
}
# Reached from the expo's own navigation, which everyone sees, or the download a page's
# form asks for (badges/print/ is the badges page's "Download").
IN_THE_EXPO_NAV = {X + "matchmaking/", X + "badges/print/"}


def _organiser_pages_of_the_matrix() -> dict[str, frozenset]:
    """Every expo page (no object in its address) that some organiser level may open and
    that is not open to everyone: the pages organisers work on."""
    organisers = set(ROLE_OF_LEVEL.values())
    return {
        entry.path: entry.allowed
        for entry in PAGES
        if entry.method == "GET"
        and entry.path.startswith(X)
        and re.findall(r"<", entry.path) == ["<"]
        and entry.allowed & organisers
        and "public" not in entry.allowed
        and "cancelled_staff" not in entry.allowed
        and entry.path not in IN_THE_EXPO_NAV
    }


def _route(url_name: str) -> str:
    return X + reverse(url_name, args=["slug-here"]).split("/slug-here/", 1)[1]


def _menu_links(page: str) -> list[str]:
    nav = re.search(r'<nav class="organiser-nav".*?</nav>', page, re.S)
    return re.findall(r'href="([^"]+)"', nav.group(0)) if nav else []


def test_the_navigation_lists_every_organiser_page_of_the_permission_matrix():
    listed = {_route(page.url_name) for group in GROUPS for page in group.pages}
    assert set(_organiser_pages_of_the_matrix()) <= listed


@pytest.mark.parametrize("level", list(ROLE_OF_LEVEL))
def test_each_level_sees_exactly_the_pages_it_may_open_and_each_opens(client, level):
    expo = ExpoFactory(slug="cnea")
    user = UserFactory()
    Organiser.objects.create(expo=expo, user=user, level=level)
    client.force_login(user)

    links = _menu_links(client.get("/expos/cnea/").content.decode())

    role = ROLE_OF_LEVEL[level]
    allowed = {
        _route(page.url_name)
        for group in GROUPS
        for page in group.pages
        if role
        in dict((entry.path, entry.allowed) for entry in PAGES if entry.method == "GET")[
            _route(page.url_name)
        ]
    }
    assert {X + link.split("/cnea/", 1)[1] for link in links} == allowed
    for link in links:
        response = client.get(link)
        assert response.status_code == 200, link
        assert 'class="organiser-nav"' in response.content.decode(), link


def test_participants_and_the_public_see_no_organiser_pages(client):
    expo = ExpoFactory(slug="cnea")
    assert _menu_links(client.get("/expos/cnea/").content.decode()) == []
    client.force_login(ParticipantFactory(expo=expo, user=UserFactory()).user)
    assert _menu_links(client.get("/expos/cnea/").content.decode()) == []


def test_an_organiser_of_another_expo_sees_no_organiser_pages_here(client):
    ExpoFactory(slug="cnea")
    user = UserFactory()
    Organiser.objects.create(expo=ExpoFactory(slug="other"), user=user, level=OrganiserLevel.ADMIN)
    client.force_login(user)
    assert _menu_links(client.get("/expos/cnea/").content.decode()) == []
    assert _menu_links(client.get("/expos/other/").content.decode()) != []


def test_platform_staff_also_reach_the_django_admin(client):
    ExpoFactory(slug="cnea")
    client.force_login(UserFactory(is_staff=True))
    assert "/admin/" in _menu_links(client.get("/expos/cnea/").content.decode())
