"""Who reviews registrations and imports lists: the expo's organisers."""

from tradefair.common.permissions import is_expo_organiser


def organises(user, expo) -> bool:
    """common.permissions.is_expo_organiser, safe while ``Expo.organisers`` is not yet a
    field (then only platform staff organise)."""
    if expo is None or not (user and user.is_authenticated):
        return False
    if not hasattr(expo, "organisers"):
        return bool(user.is_staff)
    return is_expo_organiser(user, expo)
