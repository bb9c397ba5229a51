"""Which editions a user may see: a draft is the organisers' work in progress."""

from django.http import Http404
from django.utils.translation import gettext as _

from tradefair.expos.models import Expo, ExpoStatus


def can_see_drafts(user) -> bool:
    return bool(getattr(user, "is_staff", False))


def visible_expos(user):
    expos = Expo.objects.all()
    if not can_see_drafts(user):
        expos = expos.exclude(status=ExpoStatus.DRAFT)
    return expos


def get_visible_expo(slug: str, user) -> Expo:
    expo = visible_expos(user).filter(slug=slug).first()
    if expo is None:
        raise Http404(_("No expo is published under the name “%(slug)s”.") % {"slug": slug})
    return expo


def expo_of_request(request, slug: str) -> Expo:
    """The visible expo an API call works in, kept on the request: the schemas' translated
    fields fall back along its languages (``common.api_support.request_languages``)."""
    request.expo = get_visible_expo(slug, request.user)
    return request.expo
