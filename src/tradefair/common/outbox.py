"""The outbox: every e-mail the platform sends is first a row of ``OutgoingMail``, written
in the transaction of the action that caused it, then sent by a task (on a Celery worker
when a broker is configured, in the calling process otherwise). A refused or unreachable
SMTP server leaves the row waiting with its error and the time of the next attempt (the
wait doubles, from a minute to six hours); ``tradefair send-mail`` and its periodic beat
entry send whatever is due, so no notification is lost to a mail server that was down.

A row is claimed by a conditional update before it is sent, so two workers never send
it twice; only a process killed between the SMTP server's "250 OK" and the row's update
could repeat one, and the repeat carries the same Message-ID for the receiver to drop."""

import datetime as dt
import logging
import uuid
from email.headerregistry import Address
from email.utils import make_msgid, parseaddr
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone

from tradefair.common.models import MailStatus, OutgoingAttachment, OutgoingMail

log = logging.getLogger(__name__)

# Sent once the transaction that queued mail has committed; common.tasks sends it.
mail_queued = Signal()  # arguments: mail_ids

PENDING = (MailStatus.QUEUED, MailStatus.RETRY)
MAX_ATTEMPTS = 20
FIRST_WAIT = 60
LONGEST_WAIT = 6 * 3600
# A claim older than this is taken to be a worker that died mid-send.
LEASE = dt.timedelta(minutes=10)


def site_domain() -> str:
    return urlsplit(settings.SITE_URL).hostname or "localhost"


def retry_wait(attempts: int) -> int:
    """Seconds before the next attempt after ``attempts`` failed ones."""
    return min(FIRST_WAIT * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def build_mail(
    *,
    to: str,
    subject: str,
    body: str,
    to_name: str = "",
    from_name: str = "",
    language: str = "",
    kind: str = "",
    headers: dict | None = None,
    recipient_key: str = "",
    hold: bool = False,
    dedupe_key: str | None = None,
) -> OutgoingMail:
    """An outbox row, not yet saved (``queue_mail`` saves one, ``queue_many`` many)."""
    return OutgoingMail(
        to_address=to,
        to_name=" ".join(to_name.split())[:200],
        from_name=" ".join(from_name.split())[:200],
        subject=" ".join(subject.split())[:255],
        body=body,
        language=language,
        kind=kind,
        headers=headers or {},
        message_id=make_msgid(domain=site_domain()),
        recipient_key=recipient_key,
        dedupe_key=dedupe_key,
        status=MailStatus.HELD if hold else MailStatus.QUEUED,
        next_attempt_at=timezone.now(),
    )


def queue_mail(*, attachments=(), **fields) -> OutgoingMail | None:
    """Write one mail to the outbox (``build_mail``'s fields); it is sent once the
    current transaction commits, or kept for the recipient's digest with ``hold``. A
    ``dedupe_key`` already used writes nothing and returns None."""
    return save_mail(build_mail(**fields), attachments=attachments)


def save_mail(mail: OutgoingMail, *, attachments=()) -> OutgoingMail | None:
    """Save a row of ``build_mail`` (see ``queue_mail``)."""
    try:
        with transaction.atomic():
            mail.save()
    except IntegrityError:
        if mail.dedupe_key and OutgoingMail.objects.filter(dedupe_key=mail.dedupe_key).exists():
            return None
        raise
    if attachments:
        OutgoingAttachment.objects.bulk_create(
            OutgoingAttachment(mail=mail, filename=name, content=content, content_type=content_type)
            for name, content, content_type in attachments
        )
    if mail.status == MailStatus.QUEUED:
        announce([mail.pk])
    return mail


def queue_many(mails: list[OutgoingMail]) -> list[OutgoingMail]:
    """Write many mails at once (a bulk approval, a published round), announced together
    so that one connection sends them all."""
    mails = OutgoingMail.objects.bulk_create(mails, batch_size=500)
    announce([mail.pk for mail in mails if mail.status == MailStatus.QUEUED])
    return mails


def announce(mail_ids: list[int]) -> None:
    if mail_ids:
        transaction.on_commit(lambda: mail_queued.send(sender=OutgoingMail, mail_ids=list(mail_ids)))


def named(name: str, address: str) -> str:
    """``"Иван Петров" <ivan@example.com>``: a display name in any script, which Django
    encodes (RFC 2047, UTF-8) when it writes the header."""
    if not name:
        return address
    local, _at, domain = address.rpartition("@")
    return str(Address(display_name=name, username=local, domain=domain))


def as_message(mail: OutgoingMail) -> EmailMessage:
    sender = settings.DEFAULT_FROM_EMAIL
    sender_name, sender_address = parseaddr(sender)
    headers = {"Message-ID": mail.message_id, **mail.headers}
    # The envelope goes to the bare address; the To header carries the person's name.
    headers["To"] = named(mail.to_name, mail.to_address)
    message = EmailMessage(
        subject=mail.subject,
        body=mail.body,
        from_email=named(mail.from_name or sender_name, sender_address or sender),
        to=[mail.to_address],
        headers=headers,
    )
    for attachment in mail.attachments.all():
        message.attach(attachment.filename, bytes(attachment.content), attachment.content_type)
    return message


def _claimable(now) -> Q:
    return Q(status__in=PENDING, next_attempt_at__lte=now) | Q(
        status=MailStatus.SENDING, next_attempt_at__lte=now - LEASE
    )


def send_many(ids: list[int], *, connection=None) -> tuple[int, int]:
    """Send these mails (those still due) through one connection. Returns (sent, failed).

    The rows are claimed by one conditional update carrying a fresh claim mark, so a
    mail taken by another worker is not sent here; each mail is marked sent as soon as
    the server took it, so that a crash later in the batch repeats none."""
    sent = failed = 0
    if not ids:
        return sent, failed
    now = timezone.now()
    claim = uuid.uuid4().hex
    OutgoingMail.objects.filter(_claimable(now), pk__in=ids).update(
        status=MailStatus.SENDING, next_attempt_at=now, claim=claim
    )
    mails = list(
        OutgoingMail.objects.filter(claim=claim, status=MailStatus.SENDING)
        .prefetch_related("attachments")
        .order_by("id")
    )
    if not mails:
        return sent, failed
    own_connection = connection is None
    connection = connection or get_connection()
    try:
        for mail in mails:
            if _send_one(mail, connection):
                sent += 1
            else:
                failed += 1
                # A connection that failed once is opened afresh for the next mail.
                connection.close()
    finally:
        if own_connection:
            connection.close()
    return sent, failed


def _send_one(mail: OutgoingMail, connection) -> bool:
    attempts = mail.attempts + 1
    try:
        if not connection.send_messages([as_message(mail)]):
            raise OSError("the mail backend accepted no message")
    except Exception as error:  # noqa: BLE001 (any failure of the server or the network)
        given_up = attempts >= MAX_ATTEMPTS
        OutgoingMail.objects.filter(pk=mail.pk, claim=mail.claim).update(
            status=MailStatus.FAILED if given_up else MailStatus.RETRY,
            attempts=attempts,
            next_attempt_at=timezone.now() + dt.timedelta(seconds=retry_wait(attempts)),
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        log.warning("mail %s to %s not sent (attempt %s): %s", mail.pk, mail.to_address, attempts, error)
        return False
    OutgoingMail.objects.filter(pk=mail.pk).update(
        status=MailStatus.SENT, attempts=attempts, sent_at=timezone.now(), last_error=""
    )
    return True


def deliver(mail_id: int, *, connection=None) -> str:
    """Send one mail if it is due. Returns "sent", "retry" (it waits for its next
    attempt), "failed" (given up after MAX_ATTEMPTS) or "skipped" (not due, or taken)."""
    sent, failed = send_many([mail_id], connection=connection)
    if sent:
        return "sent"
    if not failed:
        return "skipped"
    status = OutgoingMail.objects.filter(pk=mail_id).values_list("status", flat=True).first()
    return "failed" if status == MailStatus.FAILED else "retry"


def due_mail_ids(now=None, *, limit: int = 1000) -> list[int]:
    now = now or timezone.now()
    return list(
        OutgoingMail.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def send_due_mail(*, limit: int = 1000) -> tuple[int, int]:
    """Send what is due. Returns (sent, still waiting)."""
    return send_many(due_mail_ids(limit=limit))


def retry_failed() -> int:
    """Give mail the platform had given up on another series of attempts."""
    return OutgoingMail.objects.filter(status=MailStatus.FAILED).update(
        status=MailStatus.RETRY, attempts=0, next_attempt_at=timezone.now()
    )
