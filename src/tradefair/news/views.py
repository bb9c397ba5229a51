from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tradefair.common.errors import DomainError, NotFound
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.news.domain.announcements import (
    Forbidden,
    can_manage,
    get_announcement,
    reading_time,
    related_announcements,
    update_announcement,
    visible_announcements,
    write_announcement,
)
from tradefair.news.forms import AnnouncementForm
from tradefair.news.models import AnnouncementStatus

PAGE_SIZE = 20


def news_list(request, slug: str):
    expo = get_visible_expo(slug, request.user)
    page = Paginator(visible_announcements(expo, request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    items = [(item, reading_time(item, expo.languages)) for item in page.object_list]
    return render(
        request,
        "news/list.html",
        {"expo": expo, "page": page, "items": items, "can_manage": can_manage(request.user, expo)},
    )


def announcement_page(request, slug: str, pk: int):
    expo = get_visible_expo(slug, request.user)
    try:
        announcement = get_announcement(expo, request.user, pk)
    except NotFound as error:
        raise Http404(error.message) from None
    return render(
        request,
        "news/detail.html",
        {
            "expo": expo,
            "announcement": announcement,
            "minutes": reading_time(announcement, expo.languages),
            "related": related_announcements(announcement),
            "can_manage": can_manage(request.user, expo),
        },
    )


def announcement_edit(request, slug: str, pk: int | None = None):
    expo = get_visible_expo(slug, request.user)
    if not can_manage(request.user, expo):
        raise PermissionDenied(_("Only the organisers write announcements."))
    announcement = None
    initial = {}
    if pk is not None:
        try:
            announcement = get_announcement(expo, request.user, pk)
        except NotFound as error:
            raise Http404(error.message) from None
        initial = {
            "title": announcement.title,
            "body": announcement.body,
            "publish": announcement.status == AnnouncementStatus.PUBLISHED,
        }
    form = AnnouncementForm(request.POST or None, initial=initial, languages=expo.languages)
    if request.method == "POST" and form.is_valid():
        fields = {
            "title": form.translations("title"),
            "body": form.translations("body"),
            "publish": form.cleaned_data["publish"],
        }
        try:
            if announcement:
                announcement = update_announcement(announcement, by=request.user, **fields)
            else:
                announcement = write_announcement(expo, by=request.user, **fields)
        except Forbidden as error:
            raise PermissionDenied(error.message) from None
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("The announcement has been saved."))
            return redirect("news:detail", slug=expo.slug, pk=announcement.pk)
    return render(
        request,
        "news/edit.html",
        {"expo": expo, "form": form, "announcement": announcement},
        status=400 if request.method == "POST" else 200,
    )
