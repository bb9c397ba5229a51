"""An expo's organiser team, kept by its administrators. Platform staff administer every
expo without a row. An expo always keeps at least one administrator row, so that someone
other than platform staff can still set it up."""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.expos.domain.errors import ExpoSetupError, ExpoSetupForbidden, OrganiserNotFound
from tradefair.expos.models import Expo, Organiser, OrganiserLevel
from tradefair.expos.permissions import administers_expo

MAX_ID = 2**63 - 1


def _require_admin(expo: Expo, by) -> None:
    if not administers_expo(by, expo):
        raise ExpoSetupForbidden(
            "organisers_forbidden", _("Only the expo's administrators change its organisers.")
        )


def _clean_level(level) -> str:
    if level not in OrganiserLevel.values:
        raise ExpoSetupError("organiser_level", _("Choose administrator, staff or viewer."))
    return level


def _lock_team(expo: Expo) -> None:
    """Changes to one expo's team wait for each other: two admins demoting each other at
    once must not leave the expo without one."""
    Expo.objects.select_for_update(of=("self",)).filter(pk=expo.pk).first()


def _refuse_losing_last_admin(organiser: Organiser) -> None:
    if organiser.level != OrganiserLevel.ADMIN:
        return
    others = (
        Organiser.objects.filter(expo_id=organiser.expo_id, level=OrganiserLevel.ADMIN, user__is_active=True)
        .exclude(pk=organiser.pk)
        .exists()
    )
    if not others:
        raise ExpoSetupError(
            "last_admin",
            _("The expo needs at least one administrator: name another one first."),
        )


def get_organiser(expo: Expo, organiser_id) -> Organiser:
    """The expo's organiser row by id; another expo's row is not found here either."""
    try:
        organiser_id = int(organiser_id)
    except (TypeError, ValueError):
        organiser_id = 0
    organiser = (
        Organiser.objects.select_related("user", "expo").filter(expo=expo, pk=organiser_id).first()
        if 1 <= organiser_id <= MAX_ID
        else None
    )
    if organiser is None:
        raise OrganiserNotFound("organiser_not_found", _("This expo has no such organiser."))
    return organiser


def _current(organiser: Organiser) -> Organiser:
    """The row as it is now that the team is locked: another admin may have removed it."""
    current = Organiser.objects.select_related("user", "expo").filter(pk=organiser.pk).first()
    if current is None:
        raise OrganiserNotFound("organiser_not_found", _("This expo has no such organiser."))
    return current


def _find_user(user_identifier: str):
    identifier = (user_identifier or "").strip()
    User = get_user_model()
    if not identifier:
        raise ExpoSetupError("organiser_user", _("Give the user's name or e-mail address."))
    user = User.objects.filter(username=identifier, is_active=True).first()
    if user is None and "@" in identifier:
        matches = list(User.objects.filter(email__iexact=identifier, is_active=True)[:2])
        if len(matches) > 1:
            raise ExpoSetupError(
                "organiser_user_ambiguous",
                _("Several users have this e-mail address: give the user name instead."),
            )
        user = matches[0] if matches else None
    if user is None:
        raise ExpoSetupError(
            "organiser_user_unknown",
            _("No user is known as “%(name)s”. They must have an account first.") % {"name": identifier},
        )
    return user


def add_organiser(expo: Expo, *, by, user_identifier: str, level: str) -> Organiser:
    """Name an existing user (by user name or e-mail) an organiser of the expo."""
    _require_admin(expo, by)
    level = _clean_level(level)
    user = _find_user(user_identifier)
    if user.is_staff:
        raise ExpoSetupError(
            "organiser_platform_staff",
            _("%(name)s is platform staff and already administers every expo.") % {"name": user.username},
        )
    with transaction.atomic():
        _lock_team(expo)
        if Organiser.objects.filter(expo=expo, user=user).exists():
            raise ExpoSetupError(
                "organiser_exists",
                _("%(name)s is already an organiser: change their level instead.") % {"name": user.username},
            )
        organiser = Organiser.objects.create(expo=expo, user=user, level=level)
        log_action(
            organiser,
            "organiser.added",
            actor=by,
            data={"user": user.username, "level": level},
            expo=expo,
        )
    return organiser


def change_organiser_level(organiser: Organiser, *, by, level: str) -> Organiser:
    expo = organiser.expo
    _require_admin(expo, by)
    level = _clean_level(level)
    with transaction.atomic():
        _lock_team(expo)
        organiser = _current(organiser)
        if organiser.level == level:
            return organiser
        if level != OrganiserLevel.ADMIN:
            _refuse_losing_last_admin(organiser)
        previous = organiser.level
        organiser.level = level
        organiser.save(update_fields=["level"])
        log_action(
            organiser,
            "organiser.level_changed",
            actor=by,
            data={"user": organiser.user.username, "level": [previous, level]},
            expo=expo,
        )
    return organiser


def remove_organiser(organiser: Organiser, *, by) -> None:
    expo = organiser.expo
    _require_admin(expo, by)
    with transaction.atomic():
        _lock_team(expo)
        organiser = _current(organiser)
        _refuse_losing_last_admin(organiser)
        log_action(
            organiser,
            "organiser.removed",
            actor=by,
            data={"user": organiser.user.username, "level": organiser.level},
            expo=expo,
        )
        organiser.delete()
