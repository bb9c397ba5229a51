"""E-mail to a participant, always in the participant's own language, sent once the
transaction that caused it has committed (a rolled-back approval sends nothing)."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from tradefair.people.models import Participant


def recipient_of(participant: Participant) -> str:
    """Members a delegation leader registered often have no address of their own: the
    leader hears for them."""
    if participant.email:
        return participant.email
    leader = participant.delegation_leader
    return leader.email if leader is not None else ""


def message_to(
    participant: Participant, *, template: str, context: dict | None = None, attachments=()
) -> EmailMessage | None:
    """``people/email/<template>_subject.txt`` and ``<template>.txt`` rendered in the
    participant's language, or None when nobody can receive it."""
    address = recipient_of(participant)
    if not address:
        return None
    context = {
        "participant": participant,
        "expo": participant.expo,
        "site_url": settings.SITE_URL.rstrip("/"),
        **(context or {}),
    }
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[address])
    for attachment in attachments:
        message.attach(*attachment)
    return message


def send_to_participant(
    participant: Participant, *, template: str, context: dict | None = None, attachments=()
) -> None:
    """Render the message in the participant's language and send it after commit."""
    message = message_to(participant, template=template, context=context, attachments=attachments)
    if message is not None:
        transaction.on_commit(message.send)


def send_after_commit(messages: list[EmailMessage]) -> None:
    """Many messages through one connection, once the transaction has committed: a bulk
    approval of hundreds opens the mail server once, not hundreds of times."""
    messages = [message for message in messages if message is not None]
    if messages:
        transaction.on_commit(lambda: get_connection().send_messages(messages))
