"""Changes to what a participant offers, needs or refuses. Each one refreshes the
recommendations it can affect, explicitly, right after it is saved."""

import datetime as dt
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.matchmaking.domain.errors import MatchmakingError, NotAmongYours
from tradefair.matchmaking.domain.recommendations import compute_recommendations, refresh_after_profile_change
from tradefair.matchmaking.models import Mark, MarkKind, MatchPreferences, MeetingMode
from tradefair.people.models import Need, Offer, Participant

KINDS = {"offer": Offer, "need": Need}


def add_interest(
    participant: Participant, *, kind: str, hs_code: str = "", isic_section: str = "", text: str = ""
):
    """Add an offer or a need; returns it."""
    model = KINDS.get(kind)
    if model is None:
        raise MatchmakingError("interest_kind", _("Say whether this is an offer or a need."))
    interest = model(
        participant=participant, hs_code=hs_code.strip(), isic_section=isic_section, text=text.strip()
    )
    if not (interest.hs_code or interest.isic_section or interest.text):
        raise MatchmakingError("interest_empty", _("Give a code or a description."))
    try:
        interest.full_clean(exclude=["participant"])
    except ValidationError as error:
        raise MatchmakingError("interest_invalid", " ".join(error.messages)) from error
    with transaction.atomic():
        interest.save()
        log_action(interest, f"{kind}.added", actor=participant.user, data={"hs_code": interest.hs_code})
    refresh_after_profile_change(participant)
    return interest


def remove_interest(participant: Participant, *, kind: str, interest_id: int) -> None:
    model = KINDS.get(kind)
    if model is None:
        raise MatchmakingError("interest_kind", _("Say whether this is an offer or a need."))
    with transaction.atomic():
        interest = model.objects.filter(participant=participant, pk=interest_id).first()
        if interest is None:
            raise NotAmongYours("interest_unknown", _("That entry is not one of yours."))
        log_action(interest, f"{kind}.removed", actor=participant.user)
        interest.delete()
    refresh_after_profile_change(participant)


def set_mark(participant: Participant, *, target: Participant, kind: str | None) -> None:
    """Bookmark a counterpart, mark them "not interested", or clear the mark (kind None)."""
    if target.pk == participant.pk or target.expo_id != participant.expo_id:
        raise MatchmakingError("mark_target", _("You cannot mark this participant."))
    if kind is not None and kind not in MarkKind.values:
        raise MatchmakingError("mark_kind", _("Unknown kind of mark."))
    with transaction.atomic():
        Mark.objects.filter(participant=participant, target=target).delete()
        if kind is not None:
            mark = Mark.objects.create(participant=participant, target=target, kind=kind)
            log_action(mark, f"mark.{kind}", actor=participant.user, data={"target": target.pk})
    # A mark changes one pair only: the two lists it can appear in are recomputed.
    compute_recommendations(participant.expo, participant_ids=[participant.pk, target.pk])


def set_preferences(
    participant: Participant,
    *,
    excluded_countries: list[str] | None = None,
    excluded_sectors: list[str] | None = None,
) -> MatchPreferences:
    from tradefair.common.regions import is_valid_code
    from tradefair.common.taxonomy import ISIC_SECTIONS

    countries = sorted({c.upper() for c in excluded_countries or []})
    sectors = sorted(set(excluded_sectors or []))
    bad = [c for c in countries if not is_valid_code(c)] + [s for s in sectors if s not in ISIC_SECTIONS]
    if bad:
        raise MatchmakingError(
            "preferences_invalid", _("Unknown codes: %(codes)s.") % {"codes": ", ".join(bad)}
        )
    with transaction.atomic():
        preferences, _created = MatchPreferences.objects.get_or_create(participant=participant)
        preferences.excluded_countries = countries
        preferences.excluded_sectors = sectors
        preferences.save(update_fields=["excluded_countries", "excluded_sectors"])
        log_action(
            preferences,
            "preferences.changed",
            actor=participant.user,
            data={"countries": countries, "sectors": sectors},
        )
    refresh_after_profile_change(participant)
    return preferences


def set_sponsor(participant: Participant, *, sponsor: bool, by) -> None:
    with transaction.atomic():
        preferences, _created = MatchPreferences.objects.get_or_create(participant=participant)
        preferences.is_sponsor = sponsor
        preferences.save(update_fields=["is_sponsor"])
        log_action(preferences, "preferences.sponsor", actor=by, data={"sponsor": sponsor})
    refresh_after_profile_change(participant)


def set_meeting_mode(participant: Participant, *, mode: str) -> MatchPreferences:
    """Say how the participant takes part in the expo's rounds: on site, online only, or
    either. The next run of a round meets them accordingly (an online-only participant only
    meets counterparts who accept video, in a round with online rooms); meetings already
    scheduled stay as they are."""
    if mode not in MeetingMode.values:
        raise MatchmakingError("meeting_mode", _("Choose on site, online or either."))
    with transaction.atomic():
        preferences, _created = MatchPreferences.objects.get_or_create(participant=participant)
        if preferences.meeting_mode != mode:
            preferences.meeting_mode = mode
            preferences.save(update_fields=["meeting_mode"])
            log_action(preferences, "preferences.meeting_mode", actor=participant.user, data={"mode": mode})
    return preferences


def set_own_clock(
    participant: Participant,
    *,
    time_zone: str = "",
    hours_from: dt.time | None = None,
    hours_until: dt.time | None = None,
) -> MatchPreferences:
    """A remote participant's own time zone and the hours of their day they can meet in:
    their agenda and calendar then show their own clock beside the expo's, and the next
    run of a round gives them only the slots that fall within those hours. An empty zone
    means the expo's; no hours means any slot of the round."""
    time_zone = (time_zone or "").strip()
    if time_zone:
        try:
            zoneinfo.ZoneInfo(time_zone)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise MatchmakingError(
                "time_zone", _("%(zone)s is not a time zone such as Asia/Tokyo.") % {"zone": time_zone}
            ) from None
    if (hours_from is None) != (hours_until is None):
        raise MatchmakingError(
            "local_hours", _("Give both the hour you start and the hour you stop, or neither.")
        )
    if hours_from is not None and hours_from >= hours_until:
        raise MatchmakingError("local_hours", _("The hour you stop must come after the hour you start."))
    with transaction.atomic():
        preferences, _created = MatchPreferences.objects.get_or_create(participant=participant)
        preferences.time_zone = time_zone
        preferences.local_hours_from = hours_from
        preferences.local_hours_until = hours_until
        preferences.save(update_fields=["time_zone", "local_hours_from", "local_hours_until"])
        log_action(
            preferences,
            "preferences.own_clock",
            actor=participant.user,
            data={
                "time_zone": time_zone,
                "from": hours_from.isoformat() if hours_from else None,
                "until": hours_until.isoformat() if hours_until else None,
            },
        )
    return preferences


def own_zone(participant: Participant) -> str | None:
    """The participant's own time zone when it differs from the expo's, else None."""
    zone = (
        MatchPreferences.objects.filter(participant=participant).values_list("time_zone", flat=True).first()
    )
    return zone if zone and zone != participant.expo.time_zone else None
