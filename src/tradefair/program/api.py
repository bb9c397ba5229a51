from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from tradefair.common.api_support import (
    OptionalTokenAuth,
    PageNumberPagination,
    TokenAuth,
    localized,
    translations_of,
)
from tradefair.common.errors import DomainError
from tradefair.common.numbers import Count, PathId, RowId
from tradefair.expos.domain.visibility import expo_of_request, get_visible_expo
from tradefair.program.domain import editing
from tradefair.program.domain import signup as signups
from tradefair.program.domain.programme import (
    get_session,
    personal_programme,
    sessions_with_counts,
    signing_up_participant,
    signups_of,
)
from tradefair.program.domain.signup import waiting_position
from tradefair.program.models import Speaker

router = Router(tags=["programme"], auth=OptionalTokenAuth())


class SpeakerOut(Schema):
    id: int
    name: str
    name_latin: str
    position: str
    bio: str
    bio_translations: dict[str, str]
    photo_url: str

    resolve_position = localized("position")
    resolve_bio = localized("bio")
    resolve_bio_translations = translations_of("bio")


class SessionOut(Schema):
    id: int
    event_id: int
    event: str
    kind: str
    title: str
    room: str
    starts_at: str
    ends_at: str
    language: str
    interpretation: list[str]
    capacity: int
    confirmed: int
    waiting: int
    speakers: list[SpeakerOut]

    resolve_event = localized("event.name")
    resolve_title = localized("title")
    resolve_room = localized("room")

    @staticmethod
    def resolve_kind(session) -> str:
        return session.event.kind

    @staticmethod
    def resolve_starts_at(session) -> str:
        return session.starts_at.isoformat()

    @staticmethod
    def resolve_ends_at(session) -> str:
        return session.ends_at.isoformat()

    @staticmethod
    def resolve_speakers(session) -> list:
        return list(session.speakers.all())


@router.get("expos/{slug}/sessions", response=list[SessionOut], summary="Sessions of the summits and forums")
@paginate(PageNumberPagination)
def list_sessions(request: HttpRequest, slug: str):
    expo = expo_of_request(request, slug)
    return sessions_with_counts().filter(event__expo=expo)


@router.get("expos/{slug}/speakers", response=list[SpeakerOut], summary="Speakers of the programme")
@paginate(PageNumberPagination)
def list_speakers(request: HttpRequest, slug: str):
    expo = expo_of_request(request, slug)
    return Speaker.objects.filter(expo=expo).order_by("name", "id")


class SignupOut(Schema):
    session_id: int
    status: str
    waiting_position: int | None


def _signup_out(signup) -> dict:
    return {
        "session_id": signup.session_id,
        "status": signup.status,
        "waiting_position": waiting_position(signup),
    }


def _participant(request, expo):
    return signing_up_participant(request.user, expo)


@router.post(
    "expos/{slug}/sessions/{session_id}/signup",
    response={201: SignupOut},
    auth=TokenAuth(),
    summary="Take a seat, or a place on the waiting list when the session is full",
)
def session_signup(request: HttpRequest, slug: str, session_id: PathId):
    expo = get_visible_expo(slug, request.user)
    session = get_session(expo, session_id)
    signup = signups.sign_up(session, participant=_participant(request, expo), by=request.user)
    return Status(201, _signup_out(signup))


@router.delete(
    "expos/{slug}/sessions/{session_id}/signup",
    response={204: None},
    auth=TokenAuth(),
    summary="Give up one's seat or waiting place; the waiting list moves up in order",
)
def session_signup_cancel(request: HttpRequest, slug: str, session_id: PathId):
    expo = get_visible_expo(slug, request.user)
    session = get_session(expo, session_id)
    signup = signups_of(_participant(request, expo)).get(session.pk)
    if signup is None:
        raise DomainError("not_signed_up", _("You are not signed up for this session."))
    signups.cancel_signup(signup, by=request.user)
    return Status(204, None)


@router.get(
    "expos/{slug}/programme/mine",
    response=list[SignupOut],
    auth=TokenAuth(),
    summary="The sessions one has signed up for",
)
def my_programme(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    return [_signup_out(signup) for signup in personal_programme(_participant(request, expo))]


class SessionPatch(Schema):
    capacity: Count | None = None
    language: str | None = None
    interpretation: list[str] | None = None
    speaker_ids: list[RowId] | None = None


@router.patch(
    "expos/{slug}/sessions/{session_id}",
    response=SessionOut,
    auth=TokenAuth(),
    summary="Change a session's capacity, languages or speakers (organisers)",
)
def session_update(request: HttpRequest, slug: str, session_id: PathId, payload: SessionPatch):
    expo = expo_of_request(request, slug)
    session = get_session(expo, session_id)
    editing.update_session(session, by=request.user, **payload.dict(exclude_unset=True))
    return get_session(expo, session_id)


class SpeakerIn(Schema):
    name: str
    name_latin: str = ""
    position: dict[str, str] = {}
    bio: dict[str, str] = {}
    photo_url: str = ""


class SpeakerPatch(Schema):
    name: str | None = None
    name_latin: str | None = None
    position: dict[str, str] | None = None
    bio: dict[str, str] | None = None
    photo_url: str | None = None


@router.post(
    "expos/{slug}/speakers",
    response={201: SpeakerOut},
    auth=TokenAuth(),
    summary="Add a speaker (organisers)",
)
def speaker_create(request: HttpRequest, slug: str, payload: SpeakerIn):
    expo = expo_of_request(request, slug)
    return Status(201, editing.add_speaker(expo, by=request.user, **payload.dict()))


@router.patch(
    "expos/{slug}/speakers/{speaker_id}",
    response=SpeakerOut,
    auth=TokenAuth(),
    summary="Change a speaker (organisers)",
)
def speaker_update(request: HttpRequest, slug: str, speaker_id: PathId, payload: SpeakerPatch):
    expo = expo_of_request(request, slug)
    speaker = get_object_or_404(Speaker, pk=speaker_id, expo=expo)
    return editing.update_speaker(speaker, by=request.user, **payload.dict(exclude_unset=True))
