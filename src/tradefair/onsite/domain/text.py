"""Translated fields as one string in the active language."""

from i18nfield.strings import LazyI18nString

from tradefair.common.i18n import localize


def translated(value, languages=()) -> str:
    """common.i18n.localize, also for a plain dict (a field set in memory and not yet
    read back from the database)."""
    if isinstance(value, dict):
        value = LazyI18nString(value)
    return localize(value, languages)
