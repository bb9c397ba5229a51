"""Writing and reading an expo's announcements."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError, NotFound
from tradefair.common.i18n import clean_translations, localize
from tradefair.expos.models import Expo
from tradefair.news.domain.reading import most_similar, reading_minutes
from tradefair.news.models import Announcement, AnnouncementStatus

UNSET = object()


class Forbidden(DomainError):
    status = 403


def can_manage(user, expo: Expo) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.has_perm("news.manage", expo)


def _check(user, expo: Expo) -> None:
    if not can_manage(user, expo):
        raise Forbidden("forbidden", _("Only the organisers write announcements."))


def write_announcement(expo: Expo, *, by, title, body, publish: bool = False) -> Announcement:
    _check(by, expo)
    announcement = Announcement(
        expo=expo,
        title=clean_translations(title, field=_("Title"), required=True, max_length=300),
        body=clean_translations(body, field=_("Text"), required=True, max_length=50000),
        author=by if getattr(by, "is_authenticated", False) else None,
    )
    if publish:
        announcement.status = AnnouncementStatus.PUBLISHED
        announcement.published_at = timezone.now()
    with transaction.atomic():
        announcement.save()
        log_action(announcement, "announcement.written", actor=by, data={"published": publish})
    announcement.refresh_from_db()
    return announcement


def update_announcement(
    announcement: Announcement, *, by, title=UNSET, body=UNSET, publish=UNSET
) -> Announcement:
    _check(by, announcement.expo)
    with transaction.atomic():
        announcement = Announcement.objects.select_for_update().get(pk=announcement.pk)
        if title is not UNSET:
            announcement.title = clean_translations(title, field=_("Title"), required=True, max_length=300)
        if body is not UNSET:
            announcement.body = clean_translations(body, field=_("Text"), required=True, max_length=50000)
        if publish is not UNSET:
            if publish and announcement.status != AnnouncementStatus.PUBLISHED:
                announcement.status = AnnouncementStatus.PUBLISHED
                announcement.published_at = timezone.now()
            elif not publish:
                announcement.status = AnnouncementStatus.DRAFT
                announcement.published_at = None
        announcement.save()
        log_action(announcement, "announcement.updated", actor=by, data={"status": announcement.status})
    announcement.refresh_from_db()
    return announcement


def visible_announcements(expo: Expo, user):
    announcements = Announcement.objects.filter(expo=expo)
    if not can_manage(user, expo):
        announcements = announcements.filter(status=AnnouncementStatus.PUBLISHED)
    return announcements.order_by("-published_at", "-id")


def published(expo: Expo):
    return Announcement.objects.filter(expo=expo, status=AnnouncementStatus.PUBLISHED).order_by(
        "-published_at", "-id"
    )


def get_announcement(expo: Expo, user, announcement_id) -> Announcement:
    announcement = visible_announcements(expo, user).filter(pk=announcement_id).first()
    if announcement is None:
        raise NotFound(
            "unknown_announcement", _("This expo has no announcement %(id)s.") % {"id": announcement_id}
        )
    return announcement


def reading_time(announcement: Announcement, languages) -> int:
    """Minutes to read the announcement in the language it is shown in."""
    return reading_minutes(
        localize(announcement.title, languages) + "\n" + localize(announcement.body, languages)
    )


def _all_languages(announcement: Announcement) -> str:
    parts = []
    for field in (announcement.title, announcement.body):
        data = field.data if isinstance(field.data, dict) else {"": field.data or ""}
        parts.extend(str(text) for text in data.values() if text)
    return "\n".join(parts)


def related_announcements(
    announcement: Announcement, *, limit: int = 3, pool: int = 300
) -> list[Announcement]:
    """Up to ``limit`` published announcements of the same expo most similar in content,
    compared over the latest ``pool`` so the cost stays bounded."""
    others = list(published(announcement.expo).exclude(pk=announcement.pk)[:pool])
    if not others:
        return []
    candidates = [announcement, *others]
    chosen = most_similar(0, [_all_languages(item) for item in candidates], limit=limit)
    return [candidates[index] for index in chosen]
