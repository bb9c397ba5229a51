"""An expo's own settings, changed by its administrators rather than through the Django
admin: the languages offered (in fallback order), the time zone, how long personal
data is kept and the gates' anti-passback window."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.common.regions import is_valid_code
from tradefair.expos.domain.errors import ExpoSetupError, ExpoSetupForbidden
from tradefair.expos.models import Expo
from tradefair.expos.models.expo import validate_languages, validate_time_zone
from tradefair.expos.permissions import administers_expo

# "Not given": None is a real value for the retention (keep until someone asks).
UNCHANGED = object()
MAX_RETENTION_DAYS = 3650
MAX_ANTI_PASSBACK_MINUTES = 1440


def _clean_languages(languages) -> list[str]:
    if not isinstance(languages, list | tuple) or not all(isinstance(code, str) for code in languages):
        raise ExpoSetupError("languages_invalid", _("Give the languages as a list of codes."))
    codes = [code.strip().lower() for code in languages if code.strip()]
    if len(set(codes)) != len(codes):
        raise ExpoSetupError("languages_repeated", _("Name each language once."))
    try:
        validate_languages(codes)
    except ValidationError as error:
        raise ExpoSetupError("languages_invalid", " ".join(error.messages)) from None
    return codes


def _clean_time_zone(time_zone) -> str:
    time_zone = time_zone.strip() if isinstance(time_zone, str) else ""
    try:
        validate_time_zone(time_zone)
    except ValidationError:
        raise ExpoSetupError(
            "time_zone_invalid", _("Give an IANA time zone such as Asia/Shanghai.")
        ) from None
    return time_zone


def _clean_retention(days) -> int | None:
    if days is None or days == "":
        return None
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_RETENTION_DAYS:
        raise ExpoSetupError(
            "retention_invalid",
            _("Keep personal data for 1 to %(max)s days, or leave it empty to keep it.")
            % {"max": MAX_RETENTION_DAYS},
        )
    return days


def _clean_anti_passback(minutes) -> int:
    if minutes is None or minutes == "":
        return 0
    if (
        isinstance(minutes, bool)
        or not isinstance(minutes, int)
        or not 0 <= minutes <= MAX_ANTI_PASSBACK_MINUTES
    ):
        raise ExpoSetupError(
            "anti_passback_invalid",
            _("Give the anti-passback window as 0 to %(max)s minutes.") % {"max": MAX_ANTI_PASSBACK_MINUTES},
        )
    return minutes


def _clean_host_country(code) -> str:
    code = str(code or "").strip().upper()
    if not is_valid_code(code):
        raise ExpoSetupError(
            "host_country_invalid",
            _("%(code)s is not a country or region code such as CN.") % {"code": code or "—"},
        )
    return code


def _has_scheduled_times(expo: Expo) -> bool:
    """Times are stored as instants: a 09:00 session in Shanghai would read 10:00 after
    a move to Tokyo. Asked through the expo's reverse relations (programme sessions,
    round slots), so that expos imports nothing of the apps above it."""
    scheduled = Expo.objects.filter(pk=expo.pk)
    return (
        scheduled.filter(events__sessions__isnull=False).exists()
        or scheduled.filter(rounds__slots__isnull=False).exists()
    )


def update_expo_settings(
    expo: Expo,
    *,
    by,
    languages=UNCHANGED,
    time_zone=UNCHANGED,
    personal_data_retention_days=UNCHANGED,
    anti_passback_minutes=UNCHANGED,
    host_country=UNCHANGED,
) -> list[str]:
    """Change the settings given (others stay) and return the names of those that changed.
    Every value is checked before anything is written, so a bad one changes nothing."""
    if not administers_expo(by, expo):
        raise ExpoSetupForbidden(
            "settings_forbidden", _("Only the expo's administrators change its settings.")
        )
    wanted = {}
    if languages is not UNCHANGED:
        wanted["languages"] = _clean_languages(languages)
    if time_zone is not UNCHANGED:
        wanted["time_zone"] = _clean_time_zone(time_zone)
    if personal_data_retention_days is not UNCHANGED:
        wanted["personal_data_retention_days"] = _clean_retention(personal_data_retention_days)
    if anti_passback_minutes is not UNCHANGED:
        wanted["anti_passback_minutes"] = _clean_anti_passback(anti_passback_minutes)
    if host_country is not UNCHANGED:
        wanted["host_country"] = _clean_host_country(host_country)
    with transaction.atomic():
        locked = Expo.objects.select_for_update(of=("self",)).get(pk=expo.pk)
        changes = {
            name: [getattr(locked, name), value]
            for name, value in wanted.items()
            if getattr(locked, name) != value
        }
        if not changes:
            return []
        if "time_zone" in changes and _has_scheduled_times(locked):
            raise ExpoSetupError(
                "time_zone_in_use",
                _(
                    "Sessions or meeting slots are already scheduled in this time zone: changing it "
                    "would move every one of them. Set the time zone before the programme."
                ),
            )
        for name, (_old, new) in changes.items():
            setattr(locked, name, new)
            setattr(expo, name, new)
        locked.save(update_fields=list(changes))
        log_action(locked, "expo.settings_changed", actor=by, data={"changes": changes})
    return list(changes)
