"""Who organises an expo, at which level, as django-rules predicates: the users an expo names
as its organisers (expos.Organiser), plus platform staff and the command line's operator,
who are admins of every expo. The levels are common.permissions's: viewer reads, staff
operates, admin sets up and publishes."""

import rules

from tradefair.common.permissions import ADMIN, ALL_LEVELS, FINANCE, OPERATING_LEVELS


def organiser_level(user, expo) -> str | None:
    """The user's organiser level in the expo ("admin", "staff", "viewer" or "finance"), or None.
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
def handles_finance(user, expo) -> bool:
    """Finance staff or admin: may mark payments received and issue credit notes."""
    return organiser_level(user, expo) in (ADMIN, FINANCE)


@rules.predicate
def reads_accounts(user, expo) -> bool:
    """Finance staff and every other organiser level: may read orders, invoices, payments."""
    return organiser_level(user, expo) in ALL_LEVELS | {FINANCE}


@rules.predicate
def administers_expo(user, expo) -> bool:
    """Admin: may set the expo up and make things public for everyone."""
    return organiser_level(user, expo) == ADMIN


rules.add_perm("expos.view_as_organiser", sees_as_organiser)
rules.add_perm("expos.operate", operates_expo)
rules.add_perm("expos.administer", administers_expo)
