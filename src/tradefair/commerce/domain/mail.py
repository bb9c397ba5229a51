"""E-mail to an applicant, in the language they applied in, through the outbox
(common.outbox): written in the transaction that caused it, so a rolled-back approval
sends nothing, and retried when the mail server refuses, so an invoice is never lost.
These are business letters (approval, invoice, reminder), not notices: the applicant's
choice of notices does not apply to them."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from tradefair.common.outbox import queue_mail


def send_to_applicant(application, *, template: str, context: dict | None = None, attachments=()) -> None:
    context = {
        "application": application,
        "expo": application.expo,
        "site_url": settings.SITE_URL.rstrip("/"),
        **(context or {}),
    }
    language = application.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject = " ".join(render_to_string(f"commerce/email/{template}_subject.txt", context).split())
        body = render_to_string(f"commerce/email/{template}.txt", context)
    queue_mail(
        to=application.contact_email,
        to_name=getattr(application, "contact_name", "") or "",
        subject=subject,
        body=body,
        language=language,
        kind=f"commerce_{template}",
        attachments=list(attachments),
    )
