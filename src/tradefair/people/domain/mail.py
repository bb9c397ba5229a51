"""E-mail to a participant, always in the participant's own language, sent once the
transaction that caused it has committed (a rolled-back approval sends nothing)."""

from django.conf import settings
from django.core.mail import EmailMessage
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


def send_to_participant(
    participant: Participant, *, template: str, context: dict | None = None, attachments=()
) -> None:
    """Render ``people/email/<template>_subject.txt`` and ``<template>.txt`` in the
    participant's language and send after commit."""
    address = recipient_of(participant)
    if not address:
        return
    context = {
        "participant": participant,
        "expo": participant.expo,
        "site_url": settings.SITE_URL,
        **(context or {}),
    }
    with translation.override(participant.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[address])
    for attachment in attachments:
        message.attach(*attachment)
    transaction.on_commit(message.send)
