"""Notifications reach a real SMTP server (aiosmtpd, started by the test on 127.0.0.1):
in the recipient's language, with List-Unsubscribe, Message-ID and UTF-8 names; digests
gather the day's notices; "off" sends nothing; a server that refuses (451) or is down
loses nothing and, once back, receives each mail exactly once."""

import datetime as dt
import email
import email.policy
import io
import os
import socket

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.models import MailStatus, OutgoingMail
from tradefair.common.outbox import send_due_mail
from tradefair.conversations.domain.reminders import mail_unread_messages
from tradefair.conversations.models import Conversation, Message
from tradefair.matchmaking.domain.notifications import notify
from tradefair.people.domain.mail import send_digests, unsubscribe_token
from tradefair.people.domain.registration import approve
from tradefair.people.models import EmailNotifications, RegistrationStatus

pytestmark = pytest.mark.django_db


def _port() -> int:
    """8100-8199 are this suite's; each xdist worker takes its own ten."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or "0"
    return 8110 + 10 * (int(worker) % 8)


class Inbox:
    """What the server received; ``refuse`` makes it answer 451 to every message."""

    def __init__(self):
        self.messages = []
        self.refuse = False

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 4.3.0 Try again later"
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        self.messages.append((envelope.rcpt_tos, parsed))
        return "250 OK"

    def to(self, address):
        return [message for rcpts, message in self.messages if address in rcpts]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = _port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 5
    settings.DEFAULT_FROM_EMAIL = "expo@tradefair.example"
    settings.SITE_URL = "https://expo.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "expo.example.org"]
    inbox.controller = controller
    yield inbox
    inbox.controller.stop()


@pytest.fixture
def expo():
    return ExpoFactory(slug="cnea", name={"en": "CNEA Expo", "ru": "Экспо СВА", "zh-hans": "东北亚博览会"})


def _person(expo, language, name, email, **fields):
    return ParticipantFactory(expo=expo, language=language, name=name, email=email, **fields)


def _body(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def test_a_notice_arrives_in_each_recipients_language_with_its_headers(
    smtp, expo, django_capture_on_commit_callbacks
):
    ivan = _person(expo, "ru", "Иван Петров", "ivan@example.com")
    li = _person(expo, "zh-hans", "李明", "li@example.com")

    with django_capture_on_commit_callbacks(execute=True):
        notify(
            ivan, kind="request_received", params={"name": "李明"}, link="/expos/cnea/matchmaking/requests/"
        )
        notify(li, kind="request_accepted", params={"name": "Иван Петров"}, link="/expos/cnea/")

    (russian,) = smtp.to("ivan@example.com")
    (chinese,) = smtp.to("li@example.com")
    assert "李明 просит вас о встрече." in russian["Subject"]
    assert _body(russian).splitlines()[0] == "Уважаемый(ая) Иван Петров!"
    assert "李明 просит вас о встрече." in _body(russian)
    assert "Иван Петров 已接受您的洽谈申请。" in chinese["Subject"]
    # UTF-8 display names, decoded back to the person's script.
    assert russian["To"].addresses[0].display_name == "Иван Петров"
    assert russian["To"].addresses[0].addr_spec == "ivan@example.com"
    assert chinese["To"].addresses[0].display_name == "李明"
    assert chinese["From"].addresses[0].display_name == "东北亚博览会"
    assert russian["From"].addresses[0].display_name == "Экспо СВА"
    assert russian["From"].addresses[0].addr_spec == "expo@tradefair.example"
    # Message-ID made with the site's domain, the one stored on the outbox row.
    row = OutgoingMail.objects.get(to_address="ivan@example.com")
    assert russian["Message-ID"] == row.message_id and row.message_id.endswith("@expo.example.org>")
    assert russian["Date"] is not None
    # One-click unsubscribe (RFC 8058), and the same link in the body's footer.
    link = f"https://expo.example.org/unsubscribe/{unsubscribe_token(ivan)}/"
    assert str(russian["List-Unsubscribe"]).strip() == f"<{link}>"
    assert str(russian["List-Unsubscribe-Post"]).strip() == "List-Unsubscribe=One-Click"
    assert link in _body(russian)
    assert row.status == MailStatus.SENT and row.attempts == 1


def test_registration_approval_and_unread_messages_arrive_by_smtp(
    smtp, expo, django_capture_on_commit_callbacks
):
    organiser = UserFactory(is_superuser=True, is_staff=True)
    applicant = _person(
        expo,
        "ru",
        "Ольга",
        "olga@example.com",
        status=RegistrationStatus.PENDING,
        email_confirmed_at=timezone.now(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        approve(applicant, by=organiser)
    (approval,) = smtp.to("olga@example.com")
    assert "Экспо СВА" in approval["Subject"] and approval["List-Unsubscribe"]

    applicant.refresh_from_db()
    writer = _person(expo, "zh-hans", "王芳", "wang@example.com")
    conversation = Conversation.objects.create(expo=expo, starter=writer, counterpart=applicant)
    message = Message.objects.create(
        conversation=conversation, sender=writer, body="您好", language="zh-hans"
    )
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - dt.timedelta(minutes=10))
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_unread_messages() == 0  # ten minutes: not yet
    Message.objects.filter(pk=message.pk).update(created_at=timezone.now() - dt.timedelta(minutes=16))
    with django_capture_on_commit_callbacks(execute=True):
        assert mail_unread_messages() == 1
        assert mail_unread_messages() == 0  # once, until she reads
    reminder = smtp.to("olga@example.com")[-1]
    assert "王芳" in reminder["Subject"] and "непрочитан" in reminder["Subject"]
    assert f"/expos/cnea/messages/{conversation.pk}/" in _body(reminder)


def test_the_digest_gathers_the_days_notices_and_off_sends_nothing(
    smtp, expo, django_capture_on_commit_callbacks
):
    digest_reader = _person(
        expo, "zh-hans", "张伟", "zhang@example.com", email_notifications=EmailNotifications.DIGEST
    )
    silent = _person(expo, "ru", "Пётр", "petr@example.com", email_notifications=EmailNotifications.OFF)

    with django_capture_on_commit_callbacks(execute=True):
        for person in (digest_reader, silent):
            notify(person, kind="request_received", params={"name": "Anna"})
            notify(person, kind="meeting_cancelled", params={"name": "Boris"})
    assert smtp.messages == []  # held for the digest; nothing at all for "off"
    assert not OutgoingMail.objects.filter(to_address="petr@example.com").exists()
    assert silent.notifications.count() == 2  # still on the site

    with django_capture_on_commit_callbacks(execute=True):
        assert send_digests() == 1
        assert send_digests() == 0  # nothing new held
    (digest,) = smtp.messages
    rcpts, message = digest
    assert rcpts == ["zhang@example.com"]
    body = _body(message)
    assert "Anna 请求与您会谈。" in body or "Anna" in body
    assert "Boris" in body and body.count("张伟") == 1  # one greeting, not one per notice
    assert "2" in message["Subject"] and message["List-Unsubscribe"]
    assert set(
        OutgoingMail.objects.filter(kind__in=["request_received", "meeting_cancelled"]).values_list(
            "status", flat=True
        )
    ) == {MailStatus.DIGESTED}


def test_the_unsubscribe_link_needs_no_login_and_refuses_a_tampered_token(
    smtp, expo, django_capture_on_commit_callbacks
):
    ivan = _person(expo, "ru", "Иван", "ivan@example.com")
    token = unsubscribe_token(ivan)
    client = Client()

    page = client.get(f"/unsubscribe/{token}/?lang=ru")
    ivan.refresh_from_db()
    assert (
        page.status_code == 200 and ivan.email_notifications == EmailNotifications.AT_ONCE
    )  # GET changes nothing
    tampered = client.post(f"/unsubscribe/{token[:-2]}xy/", {"List-Unsubscribe": "One-Click"})
    assert tampered.status_code == 400 and "not valid" in tampered.content.decode()
    other = _person(expo, "en", "Other", "other@example.com")
    # Another participant's id under Ivan's signature.
    other_payload = unsubscribe_token(other).split(":")[0]
    forged = client.post(f"/unsubscribe/{other_payload}:{token.split(':', 1)[1]}/")
    assert forged.status_code == 400
    # A mail program's one-click POST (RFC 8058): no session, no CSRF token.
    one_click = Client(enforce_csrf_checks=True).post(
        f"/unsubscribe/{token}/", {"List-Unsubscribe": "One-Click"}
    )
    ivan.refresh_from_db()
    assert one_click.status_code == 200 and ivan.email_notifications == EmailNotifications.OFF
    with django_capture_on_commit_callbacks(execute=True):
        notify(ivan, kind="request_received", params={"name": "Anna"})
    assert smtp.messages == []


def test_a_refusing_server_loses_nothing_and_sends_each_mail_once_when_back(
    smtp, expo, django_capture_on_commit_callbacks
):
    people = [_person(expo, "ru", f"Гость {n}", f"guest{n}@example.com") for n in range(3)]
    smtp.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        for person in people:
            notify(person, kind="request_received", params={"name": "Anna"})
    rows = OutgoingMail.objects.order_by("id")
    assert [row.status for row in rows] == [MailStatus.RETRY] * 3
    assert all(row.attempts == 1 and "451" in row.last_error for row in rows)
    assert smtp.messages == []

    # Not due yet: a drain sends nothing, even with the server back.
    smtp.refuse = False
    assert send_due_mail() == (0, 0)
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    out = io.StringIO()
    call_command("send-mail", stdout=out)
    assert out.getvalue().strip() == "3 sent, 0 waiting to retry, 0 given up."
    assert len(smtp.messages) == 3
    assert sorted(r[0][0] for r in smtp.messages) == [f"guest{n}@example.com" for n in range(3)]
    assert {row.status for row in OutgoingMail.objects.all()} == {MailStatus.SENT}
    assert [row.attempts for row in OutgoingMail.objects.order_by("id")] == [2, 2, 2]
    # Draining again sends nothing twice.
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    assert send_due_mail() == (0, 0)
    assert len(smtp.messages) == 3
    assert len({message["Message-ID"] for _rcpts, message in smtp.messages}) == 3


def test_a_server_that_is_down_loses_nothing(smtp, expo, django_capture_on_commit_callbacks):
    ivan = _person(expo, "ru", "Иван", "ivan@example.com")
    smtp.controller.stop()
    with django_capture_on_commit_callbacks(execute=True):
        notify(ivan, kind="request_received", params={"name": "Anna"})
    row = OutgoingMail.objects.get()
    assert row.status == MailStatus.RETRY and row.attempts == 1
    assert "Connection refused" in row.last_error or "ConnectionRefused" in row.last_error
    assert row.next_attempt_at > timezone.now() + dt.timedelta(seconds=50)

    smtp.controller = Controller(smtp, hostname="127.0.0.1", port=_port())
    smtp.controller.start()
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    assert send_due_mail() == (1, 0)
    (message,) = smtp.to("ivan@example.com")
    assert message["Message-ID"] == row.message_id
    assert send_due_mail() == (0, 0)


def test_two_senders_racing_for_one_mail_send_it_once(smtp, expo, django_capture_on_commit_callbacks):
    from tradefair.common.outbox import deliver

    ivan = _person(expo, "ru", "Иван", "ivan@example.com")
    smtp.refuse = True
    with django_capture_on_commit_callbacks(execute=True):
        notify(ivan, kind="request_received", params={"name": "Anna"})
    smtp.refuse = False
    row = OutgoingMail.objects.get()
    OutgoingMail.objects.update(next_attempt_at=timezone.now())
    assert [deliver(row.pk), deliver(row.pk)] == ["sent", "skipped"]
    assert len(smtp.messages) == 1


def test_ports_are_free_for_the_server():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", _port() + 1))
