"""Telling a participant that something happened: in the app, and by e-mail in the
participant's own language, sent only once the transaction has committed."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from tradefair.matchmaking.models import Notification


def render_notification(kind: str, params: dict) -> str:
    name = params.get("name", "")
    texts = {
        "request_received": _("%(name)s asks you for a meeting."),
        "request_accepted": _("%(name)s accepted your meeting request."),
        "request_declined": _("%(name)s declined your meeting request."),
        "request_proposed": _("%(name)s proposes another time for your meeting."),
        "request_withdrawn": _("%(name)s withdrew their meeting request."),
        "request_expired": _("Your meeting request to %(name)s expired without an answer."),
        "meeting_cancelled": _("%(name)s cancelled your meeting."),
        "meetings_published": _("Your matchmaking agenda is ready."),
    }
    template = texts.get(kind)
    text = template % {"name": name} if template else ""
    if text and params.get("at"):
        text += " " + when_text(params)
    return text


def when_text(params: dict) -> str:
    """The time a notice is about, on the expo's clock and, for a remote participant, on
    their own, each labelled with its zone (issue #14.3)."""
    import datetime as dt
    import zoneinfo

    from tradefair.common.formatting import format_moment, format_time_zone

    at = dt.datetime.fromisoformat(params["at"])
    expo_zone = params.get("expo_zone") or "UTC"
    text = _("Time: %(time)s (%(zone)s).") % {
        "time": format_moment(at, zone=zoneinfo.ZoneInfo(expo_zone)),
        "zone": format_time_zone(expo_zone, at=at),
    }
    own = params.get("own_zone")
    if own:
        text += " " + _("Your time: %(time)s (%(zone)s).") % {
            "time": format_moment(at, zone=zoneinfo.ZoneInfo(own)),
            "zone": format_time_zone(own, at=at),
        }
    return text


def language_of(participant) -> str:
    return getattr(participant, "language", "") or settings.LANGUAGE_CODE


def notify(participant, *, kind: str, params: dict, link: str = "", email: bool = True) -> Notification:
    if params.get("at"):
        # The zones are the reader's at the time of writing: the notice reads the same later.
        from tradefair.matchmaking.domain.profile import own_zone

        params = {**params, "expo_zone": participant.expo.time_zone, "own_zone": own_zone(participant) or ""}
    notice = Notification.objects.create(participant=participant, kind=kind, params=params, link=link)
    address = participant.email
    if email and address:
        with translation.override(language_of(participant)):
            text = render_notification(kind, params)
            body = render_to_string(
                "matchmaking/email/notice.txt",
                {
                    "participant": participant,
                    "text": text,
                    "link": f"{settings.SITE_URL}{link}" if link else "",
                },
            )
            subject = _("Matchmaking: %(text)s") % {"text": text}
        message = EmailMessage(subject=" ".join(subject.split())[:150], body=body, to=[address])
        transaction.on_commit(message.send)
    return notice
