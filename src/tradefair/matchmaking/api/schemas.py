"""The matchmaking API's schemas, each with a name of its own in the OpenAPI document."""

import datetime as dt

from ninja import Field, Schema

from tradefair.common.api_support import localized
from tradefair.common.numbers import Count, RowId, SmallCount
from tradefair.matchmaking.domain.notifications import render_notification
from tradefair.matchmaking.domain.reasons import render_reasons


class PersonOut(Schema):
    id: int
    name: str
    company: str
    country: str
    languages: list[str]

    resolve_company = localized("organisation.name", languages="expo.languages")

    @staticmethod
    def resolve_country(participant) -> str:
        return participant.country.code


class RecommendationOut(Schema):
    rank: int
    score: float
    counterpart: PersonOut
    reasons: list[str]
    bookmarked: bool = False

    @staticmethod
    def resolve_reasons(rec) -> list[str]:
        return render_reasons(rec.reasons)


class MarkIn(Schema):
    target: RowId
    kind: str | None = Field(None, description='"bookmark", "not_interested", or null to clear')


class RequestIn(Schema):
    recipient: RowId
    message: str = ""
    preferred_start: dt.datetime | None = None
    interpretation: str = Field(
        "", description="a language of the expo, for an interpreter's seat if held online"
    )


class AnswerIn(Schema):
    reply: str = ""
    start: dt.datetime | None = Field(None, description="for propose: the time proposed instead")


class RequestOut(Schema):
    id: int
    sender: PersonOut
    recipient: PersonOut
    message: str
    status: str
    preferred_start: dt.datetime | None
    proposed_start: dt.datetime | None
    reply: str
    created_at: dt.datetime
    expires_at: dt.datetime


class ContactOut(Schema):
    name: str
    email: str


class MeetingOut(Schema):
    id: int
    round: int = Field(..., alias="round_id")
    starts_at: dt.datetime
    ends_at: dt.datetime
    table: int | None = Field(None, description="the table in the hall; null for an online meeting")
    room: int | None = Field(None, description="the video room of an online meeting; null at a table")
    status: str
    follow_up_planned: bool
    counterpart: PersonOut
    contact: ContactOut | None = Field(None, description="only while the meeting is confirmed or held")


class OutcomeIn(Schema):
    outcome: str = Field(..., description='"held", "no_show" or "follow_up"')
    note: str = ""


class CancelIn(Schema):
    reason: str = ""


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    link: str
    created_at: dt.datetime
    read: bool

    @staticmethod
    def resolve_text(notice) -> str:
        return render_notification(notice.kind, notice.params)

    @staticmethod
    def resolve_read(notice) -> bool:
        return notice.read_at is not None


class RoundIn(Schema):
    name: str
    days: list[dt.date]
    day_starts: dt.time = dt.time(9, 0)
    day_ends: dt.time = dt.time(17, 0)
    slot_minutes: SmallCount = 20
    breaks: list[tuple[dt.time, dt.time]] = []
    tables: Count | None = None
    online_rooms: SmallCount = Field(0, ge=0, description="online meetings that can run in one slot")
    roles: list[str] = []
    max_meetings: SmallCount = 8
    min_meetings: SmallCount = 0
    time_limit: Count = 60
    follow_ups: bool = False


class RoundOut(Schema):
    id: int
    name: str
    status: str
    days: list[str]
    slot_minutes: int
    tables: int | None
    online_rooms: int
    roles: list[str]
    max_meetings: int
    follow_ups: bool
    slots: int
    progress: list
    error: str

    @staticmethod
    def resolve_slots(round_) -> int:
        return round_.slots.count()


class RoundMeetingOut(Schema):
    id: int
    starts_at: dt.datetime
    table: int | None = None
    room: int | None = None
    a: int = Field(..., alias="requester_id")
    b: int = Field(..., alias="counterpart_id")
    status: str
    pinned: bool
    weight: float


class PinIn(Schema):
    pinned: bool = True


class SettingsIO(Schema):
    request_expiry_hours: Count
    max_pending_requests: Count
    exhibitors_meet_exhibitors: bool
    cross_border_bonus: float
    interpreter_languages: list[str]
    sponsor_factor: float


class InterestIn(Schema):
    kind: str = Field(..., description='"offer" or "need"')
    hs_code: str = ""
    isic_section: str = ""
    text: str = ""


class InterestOut(Schema):
    id: int
    kind: str
    hs_code: str
    isic_section: str
    text: str


class PreferencesIO(Schema):
    excluded_countries: list[str] = []
    excluded_sectors: list[str] = []
