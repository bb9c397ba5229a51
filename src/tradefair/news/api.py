from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from tradefair.common.api_support import (
    OptionalTokenAuth,
    PageNumberPagination,
    TokenAuth,
    all_translations,
    localized,
    request_languages,
)
from tradefair.common.numbers import PathId
from tradefair.expos.domain.visibility import expo_of_request
from tradefair.news.domain.announcements import (
    get_announcement,
    reading_time,
    related_announcements,
    update_announcement,
    visible_announcements,
    write_announcement,
)

router = Router(tags=["news"], auth=OptionalTokenAuth())


class AnnouncementOut(Schema):
    id: int
    title: str
    body: str
    status: str
    published_at: str | None
    reading_minutes: int
    translations: dict[str, dict[str, str]]

    resolve_title = localized("title")
    resolve_body = localized("body")

    @staticmethod
    def resolve_published_at(item) -> str | None:
        return item.published_at.isoformat() if item.published_at else None

    @staticmethod
    def resolve_reading_minutes(item, context) -> int:
        return reading_time(item, request_languages(context))

    @staticmethod
    def resolve_translations(item) -> dict[str, dict[str, str]]:
        return {"title": all_translations(item.title), "body": all_translations(item.body)}


class RelatedOut(Schema):
    id: int
    title: str

    resolve_title = localized("title")


class AnnouncementDetailOut(AnnouncementOut):
    related: list[RelatedOut]

    @staticmethod
    def resolve_related(item) -> list:
        return related_announcements(item)


@router.get("expos/{slug}/news", response=list[AnnouncementOut], summary="Announcements of an edition")
@paginate(PageNumberPagination)
def list_news(request: HttpRequest, slug: str):
    expo_of_request(request, slug)
    return visible_announcements(request.expo, request.user)


@router.get("expos/{slug}/news/{announcement_id}", response=AnnouncementDetailOut, summary="One announcement")
def news_detail(request: HttpRequest, slug: str, announcement_id: PathId):
    expo_of_request(request, slug)
    return get_announcement(request.expo, request.user, announcement_id)


class AnnouncementIn(Schema):
    title: dict[str, str]
    body: dict[str, str]
    publish: bool = False


class AnnouncementPatch(Schema):
    title: dict[str, str] | None = None
    body: dict[str, str] | None = None
    publish: bool | None = None


@router.post(
    "expos/{slug}/news",
    response={201: AnnouncementOut},
    auth=TokenAuth(),
    summary="Write an announcement (organisers)",
)
def news_create(request: HttpRequest, slug: str, payload: AnnouncementIn):
    expo_of_request(request, slug)
    return Status(201, write_announcement(request.expo, by=request.user, **payload.dict()))


@router.patch(
    "expos/{slug}/news/{announcement_id}",
    response=AnnouncementOut,
    auth=TokenAuth(),
    summary="Change or (un)publish an announcement (organisers)",
)
def news_update(request: HttpRequest, slug: str, announcement_id: PathId, payload: AnnouncementPatch):
    expo_of_request(request, slug)
    announcement = get_announcement(request.expo, request.user, announcement_id)
    return update_announcement(announcement, by=request.user, **payload.dict(exclude_unset=True))
