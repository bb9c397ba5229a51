"""Telling a participant that something happened: in the app, and by e-mail in the
participant's own language through people's one delivery path (the outbox, the person's
choice of at once, digest or off, the unsubscribe link)."""

from django.conf import settings
from django.utils.translation import gettext as _

from tradefair.matchmaking.models import Notification
from tradefair.people.domain.mail import send_to_many, send_to_participant


def render_notification(kind: str, params: dict) -> str:
    name = params.get("name", "")
    count = params.get("count", 0)
    texts = {
        "request_received": _("%(name)s asks you for a meeting."),
        "request_accepted": _("%(name)s accepted your meeting request."),
        "request_declined": _("%(name)s declined your meeting request."),
        "request_proposed": _("%(name)s proposes another time for your meeting."),
        "request_withdrawn": _("%(name)s withdrew their meeting request."),
        "request_expired": _("Your meeting request to %(name)s expired without an answer."),
        "meeting_cancelled": _("%(name)s cancelled your meeting."),
        "meetings_published": _("Your matchmaking agenda is ready."),
        "meetings_moved": _("Your matchmaking agenda changed: see the new times."),
    }
    template = texts.get(kind)
    if kind == "meetings_published" and count:
        from django.utils.translation import ngettext

        template = ngettext(
            "Your matchmaking agenda is ready: %(count)s meeting is scheduled.",
            "Your matchmaking agenda is ready: %(count)s meetings are scheduled.",
            count,
        )
    text = template % {"name": name, "count": count} if template else ""
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


def _mail_context(participant, kind: str, params: dict, link: str):
    def context() -> dict:
        return {
            "text": render_notification(kind, params),
            "link": f"{settings.SITE_URL.rstrip('/')}{link}" if link else "",
        }

    return context


def notify(participant, *, kind: str, params: dict, link: str = "", email: bool = True) -> Notification:
    """An in-app notice, and (``email``) the same by e-mail, written in the caller's
    transaction: it is sent only if that transaction commits."""
    if params.get("at"):
        # The zones are the reader's at the time of writing: the notice reads the same later.
        from tradefair.matchmaking.domain.profile import own_zone

        params = {**params, "expo_zone": participant.expo.time_zone, "own_zone": own_zone(participant) or ""}
    notice = Notification.objects.create(participant=participant, kind=kind, params=params, link=link)
    if email:
        send_to_participant(
            participant,
            template="matchmaking/email/notice",
            context=_mail_context(participant, kind, params, link),
            kind=kind,
            notice=True,
        )
    return notice


def notify_many(participants, *, kind: str, params_of, link: str = "") -> int:
    """The same kind of notice to many participants (a published round), in the app and
    by e-mail, the mails sent through one connection. Returns the e-mails written."""
    participants = list(participants)
    Notification.objects.bulk_create(
        [
            Notification(participant=person, kind=kind, params=params_of(person), link=link)
            for person in participants
        ],
        batch_size=2000,
    )
    return send_to_many(
        participants,
        template="matchmaking/email/notice",
        context_of=lambda person: _mail_context(person, kind, params_of(person), link)(),
        kind=kind,
        notice=True,
    )
