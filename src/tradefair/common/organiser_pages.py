"""Every page an expo's organisers work on, by group, with the least organiser level
that opens it (common/permissions.py): the organiser navigation is built from this list,
so that no organiser page is reachable only by typing its address.
tests/common/test_organiser_nav.py checks the list against the permission matrix."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from tradefair.common.permissions import ADMIN, FINANCE, STAFF, VIEWER

# Levels in order: a page open to "viewer" is open to staff and admins too. Finance staff
# stand beside the order: they open the pages marked FINANCE (the accounts), which every
# other level opens as well, and nothing else.
_RANK = {VIEWER: 0, STAFF: 1, ADMIN: 2}


@dataclass(frozen=True)
class OrganiserPage:
    url_name: str
    label: str
    level: str


@dataclass(frozen=True)
class PageGroup:
    label: str
    pages: tuple[OrganiserPage, ...]


P = OrganiserPage

GROUPS = (
    PageGroup(
        _("Registrations"),
        (
            P("people:review_queue", _("Registrations to review"), VIEWER),
            P("people:import", _("Import"), STAFF),
        ),
    ),
    PageGroup(
        _("Exhibitors"),
        (
            P("commerce:applications", _("Exhibitor applications"), VIEWER),
            P("commerce:packages", _("Booth packages and extras"), VIEWER),
            P("commerce:accounts", _("Orders and invoices"), FINANCE),
            P("commerce:settings", _("Invoicing settings"), VIEWER),
        ),
    ),
    PageGroup(
        _("Matchmaking"),
        (
            P("matchmaking:rounds", _("Matchmaking rounds"), VIEWER),
            P("matchmaking:settings", _("Matchmaking settings"), VIEWER),
            P("matchmaking:rooms_in_use", _("Rooms in use now"), VIEWER),
        ),
    ),
    PageGroup(
        _("Conversations"),
        (
            P("conversations:reports", _("Reported messages"), VIEWER),
            P("conversations:settings", _("Conversation settings"), VIEWER),
            P("conversations:webhooks", _("Webhooks"), ADMIN),
        ),
    ),
    PageGroup(
        _("Deals"),
        (
            P("deals:list", _("Deals"), VIEWER),
            P("deals:new", _("Record a deal"), STAFF),
            P("deals:rates", _("Exchange rates"), VIEWER),
        ),
    ),
    PageGroup(
        _("On site"),
        (
            P("onsite:check_in", _("Check-in"), STAFF),
            P("onsite:entrance", _("Entrance figures"), VIEWER),
            P("onsite:badges", _("Badges"), STAFF),
            P("onsite:letters", _("Invitation letters"), STAFF),
        ),
    ),
    PageGroup(
        _("Results"),
        (
            P("reports:dashboard", _("Results"), VIEWER),
            P("reports:communique", _("Communiqué"), VIEWER),
            P("reports:exports", _("Exports"), VIEWER),
        ),
    ),
    PageGroup(
        _("Expo"),
        (
            P("news:new", _("Write an announcement"), STAFF),
            P("expos:settings", _("Expo settings"), VIEWER),
            P("expos:organisers", _("Organisers"), VIEWER),
            P("expos:audit", _("Audit log"), VIEWER),
        ),
    ),
)


def pages_for(level: str | None) -> list[tuple[str, list[OrganiserPage]]]:
    """The groups and pages an organiser of this level may open; nothing for others."""
    if level not in _RANK and level != FINANCE:
        return []
    shown = []
    for group in GROUPS:
        pages = [page for page in group.pages if _opens(level, page.level)]
        if pages:
            shown.append((group.label, pages))
    return shown


def _opens(level: str, needed: str) -> bool:
    if level == FINANCE:
        return needed == FINANCE
    if needed == FINANCE:
        return True
    return _RANK[level] >= _RANK[needed]
