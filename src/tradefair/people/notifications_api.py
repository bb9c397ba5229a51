"""``/api/v1/me/notifications`` and ``/api/v1/expos/{slug}/me/notifications``: how the
caller receives e-mail notifications, per expo (the same domain function as the page)."""

from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema

from tradefair.common.api_support import TokenAuth
from tradefair.common.errors import NotFound
from tradefair.common.i18n import expo_languages, localize
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.people.domain.mail import set_email_notifications
from tradefair.people.models import Participant

router = Router(tags=["notifications"], auth=TokenAuth())

Choice = Literal["at_once", "digest", "off"]


class NotificationChoiceOut(Schema):
    expo: str
    expo_name: str
    participant_id: int
    choice: Choice


class NotificationChoiceIn(Schema):
    choice: Choice


def _out(participant: Participant) -> dict:
    return {
        "expo": participant.expo.slug,
        "expo_name": localize(participant.expo.name, expo_languages(participant.expo)),
        "participant_id": participant.pk,
        "choice": participant.email_notifications,
    }


@router.get(
    "me/notifications",
    response=list[NotificationChoiceOut],
    summary="How the caller receives e-mail notifications, for each expo they registered for",
)
def my_notification_choices(request: HttpRequest):
    participations = (
        Participant.objects.filter(user=request.user, anonymised_at__isnull=True)
        .select_related("expo")
        .order_by("-expo__starts", "pk")
    )
    return [_out(participant) for participant in participations]


@router.put(
    "expos/{slug}/me/notifications",
    response=NotificationChoiceOut,
    summary="Choose e-mail notifications for this expo: at_once, digest (once a day) or off",
)
def choose_notifications(request: HttpRequest, slug: str, payload: NotificationChoiceIn):
    expo = get_visible_expo(slug, request.user)
    participant = Participant.objects.filter(expo=expo, user=request.user, anonymised_at__isnull=True).first()
    if participant is None:
        raise NotFound("not_registered", _("You are not registered for this expo."))
    participant = set_email_notifications(participant, choice=payload.choice, by=request.user, via="api")
    participant.expo = expo
    return _out(participant)
