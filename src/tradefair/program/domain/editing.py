"""What organisers change in the programme: speakers, a session's languages, speakers
and capacity. A capacity change goes through ``signup.change_capacity`` so the waiting
list is served in order."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.common.i18n import clean_translations
from tradefair.expos.models import Expo
from tradefair.program.domain.errors import ProgramError
from tradefair.program.domain.signup import change_capacity
from tradefair.program.models import Session, Speaker

UNSET = object()


class Forbidden(ProgramError):
    status = 403


def _check(user, expo: Expo) -> None:
    if not (getattr(user, "is_authenticated", False) and user.has_perm("program.manage", expo)):
        raise Forbidden("forbidden", _("Only the organisers change the programme."))


def _languages(codes, *, field: str) -> list[str]:
    known = {code for code, _name in settings.LANGUAGES}
    if not isinstance(codes, list) or any(code not in known for code in codes):
        raise ProgramError("unknown_language", _("%(field)s: give known language codes.") % {"field": field})
    return list(dict.fromkeys(codes))


def _texts(value, *, field: str) -> dict:
    """A speaker's texts are checked like every translated text (common.i18n), and the
    error stays a ProgramError for whoever edits the programme."""
    try:
        return clean_translations(value, field=field)
    except DomainError as error:
        raise ProgramError(error.code, error.message) from None


def update_session(
    session: Session, *, by, capacity=UNSET, language=UNSET, interpretation=UNSET, speaker_ids=UNSET
):
    expo = session.event.expo
    _check(by, expo)
    with transaction.atomic():
        if capacity is not UNSET and capacity != session.capacity:
            change_capacity(session, capacity=capacity, by=by)
            session.refresh_from_db()
        if language is not UNSET:
            session.language = _languages([language], field=_("Language"))[0]
        if interpretation is not UNSET:
            session.interpretation = _languages(interpretation, field=_("Interpretation"))
        session.save(update_fields=["language", "interpretation"])
        if speaker_ids is not UNSET:
            speakers = list(Speaker.objects.filter(expo=expo, pk__in=speaker_ids))
            if len(speakers) != len(set(speaker_ids)):
                raise ProgramError(
                    "unknown_speaker", _("Some of these speakers are not speakers of this expo.")
                )
            session.speakers.set(speakers)
        log_action(session, "session.updated", actor=by)
    return session


def _photo(url: str) -> str:
    if url:
        try:
            URLValidator(schemes=["https", "http"])(url)
        except ValidationError:
            raise ProgramError("bad_photo_url", _("The photo must be given by a web address.")) from None
    return url


def add_speaker(
    expo: Expo, *, by, name: str, name_latin: str = "", position=None, bio=None, photo_url: str = ""
):
    _check(by, expo)
    name = (name or "").strip()
    if not name:
        raise ProgramError("missing_name", _("A speaker needs a name."))
    with transaction.atomic():
        speaker = Speaker.objects.create(
            expo=expo,
            name=name[:200],
            name_latin=(name_latin or "").strip()[:200],
            position=_texts(position, field=_("Position")),
            bio=_texts(bio, field=_("Biography")),
            photo_url=_photo(photo_url),
        )
        log_action(speaker, "speaker.added", actor=by)
    speaker.refresh_from_db()
    return speaker


def update_speaker(speaker: Speaker, *, by, **changes) -> Speaker:
    _check(by, speaker.expo)
    with transaction.atomic():
        if "name" in changes:
            if not (changes["name"] or "").strip():
                raise ProgramError("missing_name", _("A speaker needs a name."))
            speaker.name = changes["name"].strip()[:200]
        if "name_latin" in changes:
            speaker.name_latin = (changes["name_latin"] or "").strip()[:200]
        if "position" in changes:
            speaker.position = _texts(changes["position"], field=_("Position"))
        if "bio" in changes:
            speaker.bio = _texts(changes["bio"], field=_("Biography"))
        if "photo_url" in changes:
            speaker.photo_url = _photo(changes["photo_url"] or "")
        speaker.save()
        log_action(speaker, "speaker.updated", actor=by, data={"fields": sorted(changes)})
    speaker.refresh_from_db()
    return speaker
