"""E-mail to an applicant, in the language they applied in, sent once the transaction
that caused it has committed (a rolled-back approval sends nothing)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation


def send_to_applicant(application, *, template: str, context: dict | None = None, attachments=()) -> None:
    context = {
        "application": application,
        "expo": application.expo,
        "site_url": settings.SITE_URL.rstrip("/"),
        **(context or {}),
    }
    with translation.override(application.language or settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"commerce/email/{template}_subject.txt", context).split())
        body = render_to_string(f"commerce/email/{template}.txt", context)
    message = EmailMessage(subject=subject, body=body, to=[application.contact_email])
    for attachment in attachments:
        message.attach(*attachment)
    transaction.on_commit(message.send)
