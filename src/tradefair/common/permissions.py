"""The permission base: the organiser levels, platform staff and the command line's operator.
The predicates that look people up live with the people they look up:
expos/permissions.py (organisers, each at one level) and people/permissions.py
(participants); each app declares its own rules in its permissions.py. The levels:

- ``sees_as_organiser`` (viewer, staff, admin): reading what only organisers read:
  dashboards, lists, reports, the audit log, exports;
- ``operates_expo`` (staff, admin): the daily work on people and things: reviewing
  registrations, assigning booths, recording deals, check-in, badges, letters, editing
  exhibitors, the programme and the news;
- ``administers_expo`` (admin): decisions that set the expo up or make something
  public for everyone: running and publishing matchmaking rounds, publishing results,
  the expo's settings, its organisers and exchange rates.

Each level includes the ones below it, so a check names the least level an action needs.
The ``finance`` level stands beside them (``handles_finance``): finance staff see the
expo's orders, invoices and payments, mark payments received and issue credit notes, and
see none of the organisers' other pages (registrations, badges, letters hold personal
data they do not need). Admins may do what finance staff do."""

import rules

ADMIN, STAFF, VIEWER, FINANCE = "admin", "staff", "viewer", "finance"


class Operator:
    """The platform's operator at the command line (management commands, the demo generator):
    an admin of every expo, who is nobody signed in, so audit entries record no user for it.
    Domain functions take it as `by` where a page would pass the signed-in user; `by=None`
    is refused like an anonymous visitor."""

    is_operator = True
    is_authenticated = False
    is_anonymous = False
    is_staff = False
    pk = None

    def has_perm(self, perm: str, obj=None) -> bool:
        return rules.has_perm(perm, self, obj)

    def __repr__(self) -> str:
        return "OPERATOR"


OPERATOR = Operator()
OPERATING_LEVELS = frozenset({ADMIN, STAFF})
ALL_LEVELS = frozenset({ADMIN, STAFF, VIEWER})


@rules.predicate
def is_platform_staff(user) -> bool:
    return bool(user and user.is_authenticated and user.is_staff)
