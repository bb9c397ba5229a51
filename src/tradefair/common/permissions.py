"""Who may do what, as django-rules predicates. Participants act only within their own
expo. Organisers are the users an expo names as its organisers, each at one level
(expos.Organiser), plus platform staff, who are admins of every expo:

- ``sees_as_organiser`` (viewer, staff, admin): reading what only organisers read:
  dashboards, lists, reports, the audit log, exports;
- ``operates_expo`` (staff, admin): the daily work on people and things: reviewing
  registrations, assigning booths, recording deals, check-in, badges, letters, editing
  exhibitors, the programme and the news;
- ``administers_expo`` (admin): decisions that set the expo up or make something
  public for everyone: running and publishing matchmaking rounds, publishing results,
  the expo's settings, its organisers and exchange rates.

Each level includes the ones below it, so a check names the least level an action needs."""

import rules

ADMIN, STAFF, VIEWER = "admin", "staff", "viewer"


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


def organiser_level(user, expo) -> str | None:
    """The user's organiser level in the expo ("admin", "staff" or "viewer"), or None.
    Platform staff run the platform, so they are admins everywhere, and so is the operator at
    the command line."""
    if getattr(user, "is_operator", False):
        return ADMIN
    if not (user and user.is_authenticated):
        return None
    if user.is_staff:
        return ADMIN
    if expo is None:
        return None
    from tradefair.expos.models import Organiser

    return Organiser.objects.filter(expo=expo, user=user).values_list("level", flat=True).first()


@rules.predicate
def sees_as_organiser(user, expo) -> bool:
    """Any organiser level: may read the expo's organiser pages, never change them."""
    return organiser_level(user, expo) in ALL_LEVELS


@rules.predicate
def operates_expo(user, expo) -> bool:
    """Staff or admin: may do the day-to-day work on the expo's people and things."""
    return organiser_level(user, expo) in OPERATING_LEVELS


@rules.predicate
def administers_expo(user, expo) -> bool:
    """Admin: may set the expo up and make things public for everyone."""
    return organiser_level(user, expo) == ADMIN


def participant_of(user, expo):
    """The user's participation in the expo while it is approved, or None. Only approved
    participants count as participants anywhere (exhibitors' "participants only"
    contacts, matchmaking, the programme, deals, the gates): an applicant awaiting
    review, asked for changes, rejected or cancelled is not one (issue #19)."""
    if not (user and user.is_authenticated) or expo is None:
        return None
    from tradefair.people.models import Participant, RegistrationStatus

    return Participant.objects.filter(expo=expo, user=user, status=RegistrationStatus.APPROVED).first()


def registration_awaiting_review(user, expo):
    """The user's registration for the expo while the organisers have not approved it yet
    (pending, or sent back for changes), or None: such a person is not a participant, but
    is told that the registration waits rather than asked to register."""
    if not (user and user.is_authenticated) or expo is None:
        return None
    from tradefair.people.models import Participant, RegistrationStatus

    return Participant.objects.filter(
        expo=expo,
        user=user,
        status__in=[RegistrationStatus.PENDING, RegistrationStatus.CHANGES_REQUESTED],
    ).first()


@rules.predicate
def is_participant(user, expo) -> bool:
    return participant_of(user, expo) is not None


rules.add_perm("expos.view_as_organiser", sees_as_organiser)
rules.add_perm("expos.operate", operates_expo)
rules.add_perm("expos.administer", administers_expo)
