"""E-mail to a participant: the one path every notification takes. Each mail is rendered
in the participant's own language and written to the outbox (common.outbox) inside the
transaction of the action that caused it, so a rolled-back approval sends nothing and a
mail server that is down delays a notification but never loses it.

A *notice* (a request, a meeting, a message, a letter, an approval) follows the
participant's choice for the expo: at once, in the daily digest, or not at all; it
carries a signed unsubscribe link that needs no login (a page, and RFC 8058's one-click
POST). Mail the person must get to use the platform (confirm the address, set a
password, a rejection or a request for changes) is sent at once whatever the choice."""

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from i18nfield.strings import LazyI18nString

from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.common.i18n import expo_languages, localize
from tradefair.common.models import MailStatus, OutgoingMail
from tradefair.common.outbox import announce, build_mail, queue_many, save_mail
from tradefair.people.models import EmailNotifications, Participant

UNSUBSCRIBE_SALT = "tradefair.people.unsubscribe"


def recipient_of(participant: Participant) -> str:
    """Members a delegation leader registered often have no address of their own: the
    leader hears for them."""
    if participant.email:
        return participant.email
    leader = participant.delegation_leader
    return leader.email if leader is not None else ""


def recipient_key(participant: Participant) -> str:
    return f"participant:{participant.pk}"


def site_url() -> str:
    return settings.SITE_URL.rstrip("/")


def unsubscribe_token(participant: Participant) -> str:
    # A plain signature, no time stamp: the link of an old e-mail keeps working.
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object(participant.pk)


def participant_from_token(token: str) -> Participant | None:
    """The participant an unsubscribe link was made for, or None for a link that was
    altered, made with another secret, or whose participant is gone."""
    try:
        pk = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(pk, int):
        return None
    return Participant.objects.select_related("expo").filter(pk=pk, anonymised_at__isnull=True).first()


def unsubscribe_url(participant: Participant) -> str:
    return site_url() + reverse("people:unsubscribe", args=[unsubscribe_token(participant)])


def _render(participant: Participant, template: str, context) -> tuple[str, str, str]:
    """(subject, body, sender name) in the participant's language."""
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        values = context() if callable(context) else (context or {})
        full = {
            "participant": participant,
            "expo": participant.expo,
            "site_url": site_url(),
            **values,
        }
        subject = " ".join(render_to_string(f"{template}_subject.txt", full).split())
        body = render_to_string(f"{template}.txt", full)
        name = participant.expo.name
        name = LazyI18nString(name) if isinstance(name, dict) else name
        sender = localize(name, expo_languages(participant.expo))
    return subject, body, sender


def _footer(participant: Participant) -> str:
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        return render_to_string(
            "people/email/notice_footer.txt",
            {
                "unsubscribe_url": unsubscribe_url(participant),
                "settings_url": site_url() + reverse("people:notifications"),
                "choice": participant.get_email_notifications_display(),
            },
        )


def prepare_mail(
    participant: Participant,
    *,
    template: str,
    context: dict | Callable[[], dict] | None = None,
    kind: str = "",
    notice: bool = False,
    dedupe_key: str | None = None,
) -> OutgoingMail | None:
    """The outbox row (not saved) for ``people/email/<template>_subject.txt`` and
    ``<template>.txt`` rendered in the participant's language, or None when nobody can
    receive it or the person turned the expo's notices off."""
    address = recipient_of(participant)
    if not address:
        return None
    choice = participant.email_notifications if notice else EmailNotifications.AT_ONCE
    if choice == EmailNotifications.OFF:
        return None
    subject, body, sender = _render(participant, template, context)
    headers = {}
    if notice:
        body = body.rstrip() + "\n\n" + _footer(participant)
        headers = {
            "List-Unsubscribe": f"<{unsubscribe_url(participant)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    addressee = participant if participant.email else (participant.delegation_leader or participant)
    return build_mail(
        to=address,
        to_name=addressee.name,
        from_name=sender,
        subject=subject,
        body=body,
        language=participant.language,
        kind=kind or template.rsplit("/", 1)[-1],
        headers=headers,
        recipient_key=recipient_key(participant) if notice else "",
        hold=choice == EmailNotifications.DIGEST,
        dedupe_key=dedupe_key,
    )


def send_to_participant(
    participant: Participant,
    *,
    template: str,
    context: dict | Callable[[], dict] | None = None,
    attachments=(),
    kind: str = "",
    notice: bool = False,
    dedupe_key: str | None = None,
) -> OutgoingMail | None:
    """Write the mail to the outbox, in the caller's transaction. ``notice`` makes it
    follow the person's choice (at once, digest, off) and carry the unsubscribe link;
    ``context`` may be a function, called with the participant's language active (for
    texts it translates). Returns the outbox row, or None when nothing is sent."""
    mail = prepare_mail(
        participant, template=template, context=context, kind=kind, notice=notice, dedupe_key=dedupe_key
    )
    if mail is None:
        return None
    return save_mail(mail, attachments=attachments)


def send_to_many(
    participants, *, template: str, context_of: Callable, kind: str = "", notice: bool = False
) -> int:
    """The same mail to many participants (a bulk approval, a published round), each in
    their own language, written at once and sent through one connection. Returns the
    number of mails written."""
    mails = [
        prepare_mail(
            participant,
            template=template,
            context=(lambda person=participant: context_of(person)),
            kind=kind,
            notice=notice,
        )
        for participant in participants
    ]
    return len(queue_many([mail for mail in mails if mail is not None]))


class PreferenceError(DomainError):
    pass


def set_email_notifications(
    participant: Participant, *, choice: str, by=None, via: str = "page"
) -> Participant:
    """The participant's choice for one expo: at once, daily digest, or off. ``by`` is the
    signed-in person, or None for the unsubscribe link (whose signature stands for them)."""
    if choice not in EmailNotifications.values:
        raise PreferenceError("choice_unknown", translation.gettext("Choose at once, daily digest or off."))
    if by is not None and participant.user_id != getattr(by, "pk", None):
        raise PreferenceError("not_yours", translation.gettext("This is not your registration."))
    with transaction.atomic():
        locked = Participant.objects.select_for_update().get(pk=participant.pk)
        before = locked.email_notifications
        if before != choice:
            locked.email_notifications = choice
            locked.save(update_fields=["email_notifications"])
            log_action(
                locked, "notifications.changed", actor=by, data={"from": before, "to": choice, "via": via}
            )
        if choice == EmailNotifications.OFF:
            # Held notices of a person who turned mail off are not sent in a digest later.
            OutgoingMail.objects.filter(recipient_key=recipient_key(locked), status=MailStatus.HELD).update(
                status=MailStatus.DROPPED
            )
    return locked


def send_digests(*, now=None) -> int:
    """One mail per participant with held notices: the notices since the last digest, in
    the participant's language. Returns the number of digests written; a second run the
    same day finds nothing held and writes none."""
    now = now or timezone.now()
    keys = (
        OutgoingMail.objects.filter(status=MailStatus.HELD, created_at__lte=now)
        .values_list("recipient_key", flat=True)
        .distinct()
    )
    written = 0
    for key in list(keys):
        if not key.startswith("participant:"):
            continue
        with transaction.atomic():
            held = list(
                OutgoingMail.objects.select_for_update()
                .filter(recipient_key=key, status=MailStatus.HELD, created_at__lte=now)
                .order_by("created_at", "id")
            )
            if not held:
                continue
            participant = (
                Participant.objects.select_related("expo", "delegation_leader")
                .filter(pk=int(key.split(":", 1)[1]))
                .first()
            )
            if participant is None or participant.email_notifications == EmailNotifications.OFF:
                OutgoingMail.objects.filter(pk__in=[mail.pk for mail in held]).update(
                    status=MailStatus.DROPPED
                )
                continue
            greeting = _greeting(participant)
            notices = [{"subject": mail.subject, "body": _digest_part(mail.body, greeting)} for mail in held]
            digest = send_to_participant(
                participant,
                template="people/email/digest",
                context={"notices": notices, "count": len(notices)},
                kind="digest",
                notice=True,
            )
            if digest is not None and digest.status == MailStatus.HELD:
                # The digest itself is never held for the next digest.
                digest.status = MailStatus.QUEUED
                digest.save(update_fields=["status"])
                announce([digest.pk])
            OutgoingMail.objects.filter(pk__in=[mail.pk for mail in held]).update(
                status=MailStatus.DIGESTED, digest=digest
            )
            written += 1
    return written


FOOTER_MARK = "\n-- \n"


def _greeting(participant: Participant) -> str:
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        return render_to_string("people/email/greeting.txt", {"participant": participant}).strip()


def _digest_part(body: str, greeting: str) -> str:
    """A held notice without its greeting and its footer: the digest has one of each."""
    body = body.split(FOOTER_MARK, 1)[0].strip()
    if greeting and body.startswith(greeting):
        body = body[len(greeting) :].strip()
    return body
