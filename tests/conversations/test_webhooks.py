"""Webhooks against a real receiver on 127.0.0.1: every event kind, triggered through the
apps' own domain functions, arrives signed; failures are retried with backoff; an endpoint
that keeps failing is paused; private addresses are refused unless the expo allows them."""

import datetime as dt
import socket

import pytest
from django.core import mail
from django.utils import timezone

from tests.conversations.receiver import start_receiver, verify
from tests.deals.factories import make_deal
from tests.factories import ExpoFactory, OrganisationFactory, ParticipantFactory, UserFactory
from tradefair.common import events
from tradefair.common.models import AuditEntry
from tradefair.conversations.domain import webhooks
from tradefair.conversations.domain.errors import ConversationForbidden
from tradefair.conversations.domain.webhook_targets import TargetRefused, is_public
from tradefair.conversations.models import DeliveryStatus, WebhookDelivery, WebhookEvent, WebhookSettings
from tradefair.deals.models import DealStatus
from tradefair.expos.models import OrganiserLevel
from tradefair.matchmaking.domain import agenda, requests, rounds
from tradefair.matchmaking.models import Meeting, MeetingRequest, Slot
from tradefair.onsite.domain.badges import issue_badge
from tradefair.onsite.domain.checkin import Scan, check_in
from tradefair.onsite.domain.tokens import badge_token
from tradefair.people.domain.registration import approve
from tradefair.people.models import RegistrationStatus, Role
from tradefair.reports.domain.publication import publish_results

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _synchronous(settings):
    settings.WEBHOOKS_SYNCHRONOUS = True
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def receiver():
    item = start_receiver()
    yield item
    item.server.shutdown()
    item.server.server_close()


@pytest.fixture
def world():
    expo = ExpoFactory(slug="hooks", starts=dt.date(2030, 8, 23), ends=dt.date(2030, 8, 27))
    admin = UserFactory(username="hooks-admin", email="admin@hooks.example.com")
    expo.organisers.add(admin)
    buyer = ParticipantFactory(
        expo=expo, user=UserFactory(username="hooks-buyer"), name="Ivan Petrov", roles=[Role.BUYER]
    )
    seller = ParticipantFactory(
        expo=expo,
        user=UserFactory(username="hooks-seller"),
        name="王芳",
        roles=[Role.EXHIBITOR],
        organisation=OrganisationFactory(legal_name="Jilin Wood Co.", country="CN"),
    )
    return {"expo": expo, "admin": admin, "buyer": buyer, "seller": seller}


def _applicant(expo, **more):
    return ParticipantFactory(
        expo=expo, status=RegistrationStatus.PENDING, email_confirmed_at=timezone.now(), **more
    )


def _allow_private(expo):
    WebhookSettings.objects.update_or_create(expo=expo, defaults={"allow_private_targets": True})


def _register(world, receiver, kinds=events.EVENT_KINDS):
    _allow_private(world["expo"])
    endpoint, secret = webhooks.register_endpoint(
        world["expo"], by=world["admin"], url=receiver.url, events=list(kinds), description="CRM"
    )
    return endpoint, secret


def _round_with_meeting(world, *, past=False):
    round_ = rounds.create_round(
        world["expo"],
        by=world["admin"],
        name="Day 1",
        days=["2030-08-23"],
        day_starts="09:00",
        day_ends="10:00",
        slot_minutes=20,
    )
    round_.status = "scheduled"
    round_.save()
    slot = round_.slots.first()
    if past:
        now = timezone.now()
        slot = Slot.objects.create(
            round=round_, starts_at=now - dt.timedelta(hours=1), ends_at=now - dt.timedelta(minutes=40)
        )
    meeting = Meeting.objects.create(
        round=round_, requester=world["buyer"], counterpart=world["seller"], slot=slot, table=1
    )
    return round_, meeting


def test_every_event_kind_reaches_the_receiver_signed(world, receiver, django_capture_on_commit_callbacks):
    endpoint, secret = _register(world, receiver)
    expo, admin, buyer, seller = world["expo"], world["admin"], world["buyer"], world["seller"]
    applicant = _applicant(expo, name="Bat-Erdene")
    request = MeetingRequest.objects.create(
        expo=expo, sender=buyer, recipient=seller, expires_at=timezone.now() + dt.timedelta(days=3)
    )
    round_, meeting = _round_with_meeting(world)
    _past_round, past_meeting = _round_with_meeting(world, past=True)
    badge = issue_badge(buyer, notify=False)

    with django_capture_on_commit_callbacks(execute=True):
        approve(applicant, by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        requests.accept_request(request, by=seller)
    with django_capture_on_commit_callbacks(execute=True):
        rounds.publish_round(round_, by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        agenda.record_outcome(past_meeting, by=buyer, outcome="follow_up")
    with django_capture_on_commit_callbacks(execute=True):
        agenda.cancel_meeting(meeting, by=seller, reason="flight moved")
    with django_capture_on_commit_callbacks(execute=True):
        deal = make_deal(expo, by=admin, status=DealStatus.SIGNED, amount="728670.00")
    with django_capture_on_commit_callbacks(execute=True):
        check_in(expo=expo, scan=Scan(token=badge_token(badge.pk), nonce="gate-1", gate="North"), by=admin)
    with django_capture_on_commit_callbacks(execute=True):
        publish_results(expo, by=admin)

    bodies = receiver.bodies()
    assert [body["type"] for body in bodies] == [
        "participant.approved",
        "meeting_request.accepted",
        "meetings.scheduled",
        "meeting.held",
        "meeting.cancelled",
        "deal.recorded",
        "deal.signed",
        "participant.checked_in",
        "results.published",
    ]
    for item in receiver.received:
        assert verify(secret, item.headers, item.body)
        assert item.headers["content-type"] == "application/json"
        assert item.headers["webhook-id"] == item.json["id"]
        assert abs(int(item.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 60
        assert item.json["format"] == "tradefair-webhook/1"
        assert item.json["expo"] == {"slug": "hooks", "edition": 12}
        assert item.path == "/hooks/tradefair"
    by_type = {body["type"]: body["data"] for body in bodies}
    assert by_type["participant.approved"]["participant"]["name"] == "Bat-Erdene"
    assert by_type["meeting_request.accepted"]["request"]["recipient"]["name"] == "王芳"
    scheduled = by_type["meetings.scheduled"]
    assert (scheduled["part"], scheduled["parts"], scheduled["round"]["meetings"]) == (1, 1, 1)
    assert [m["id"] for m in scheduled["meetings"]] == [meeting.pk]
    assert by_type["meeting.held"]["follow_up_planned"] is True
    assert by_type["meeting.cancelled"]["meeting"]["status"] == "cancelled"
    assert by_type["meeting.cancelled"]["cancelled_by_id"] == seller.pk
    assert by_type["deal.signed"]["deal"]["id"] == deal.pk
    assert by_type["deal.signed"]["deal"]["amount"] == "728670.00"
    assert by_type["participant.checked_in"]["check_in"]["gate"] == "North"
    assert by_type["results.published"]["results"]["format"] == "tradefair-results/1"
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.DELIVERED}


def test_an_endpoint_receives_only_the_events_it_chose(world, receiver, django_capture_on_commit_callbacks):
    _register(world, receiver, kinds=[events.DEAL_SIGNED])
    with django_capture_on_commit_callbacks(execute=True):
        make_deal(world["expo"], by=world["admin"], status=DealStatus.INTENDED)
    assert receiver.received == []
    with django_capture_on_commit_callbacks(execute=True):
        make_deal(world["expo"], by=world["admin"], status=DealStatus.SIGNED)
    assert [body["type"] for body in receiver.bodies()] == ["deal.signed"]


def test_an_action_rolled_back_sends_nothing(world, receiver, django_capture_on_commit_callbacks):
    from django.db import transaction

    _register(world, receiver)
    applicant = _applicant(world["expo"])
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        approve(applicant, by=world["admin"])
        raise RuntimeError("rolled back")
    assert receiver.received == []
    assert not WebhookEvent.objects.exists()


def test_a_failing_receiver_is_retried_with_backoff_and_then_succeeds(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint, secret = _register(world, receiver)
    receiver.answers = [500, 503]
    applicant = _applicant(world["expo"])
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        approve(applicant, by=world["admin"])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.RETRYING, 1, 500)
    waited = (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds()
    assert waited == webhooks.BACKOFF_BASE
    assert webhooks.deliver_due(now=start + dt.timedelta(seconds=5)) == 0  # not due yet
    assert webhooks.deliver_due(now=delivery.next_attempt_at) == 1
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.RETRYING, 2, 503)
    assert (delivery.next_attempt_at - delivery.last_attempt_at).total_seconds() == 2 * webhooks.BACKOFF_BASE
    webhooks.deliver_due(now=delivery.next_attempt_at)
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (DeliveryStatus.DELIVERED, 3, 200)
    # Three attempts of one event: one event id, each attempt signed, the receiver dedupes on the id.
    assert len({item.headers["webhook-id"] for item in receiver.received}) == 1
    assert [item.headers["tradefair-attempt"] for item in receiver.received] == ["1", "2", "3"]
    assert all(verify(secret, item.headers, item.body) for item in receiver.received)
    assert len({item.body for item in receiver.received}) == 1
    endpoint.refresh_from_db()
    assert (endpoint.consecutive_failures, endpoint.paused_at) == (0, None)
    # Delivered is final: the task run again sends nothing more.
    assert webhooks.attempt_delivery(delivery.pk, now=timezone.now() + dt.timedelta(days=1)) is None
    assert len(receiver.received) == 3


def test_backoff_doubles_up_to_its_cap():
    assert [webhooks.backoff(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert webhooks.backoff(30) == webhooks.BACKOFF_CAP


def test_an_endpoint_that_keeps_failing_is_paused_and_its_admins_told(
    world, receiver, django_capture_on_commit_callbacks
):
    endpoint, _secret = _register(world, receiver)
    receiver.answers = [500] * 50
    applicants = [_applicant(world["expo"]) for _ in range(webhooks.PAUSE_AFTER_FAILURES)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        for applicant in applicants:
            approve(applicant, by=world["admin"])
    endpoint.refresh_from_db()
    assert endpoint.paused
    assert endpoint.consecutive_failures == webhooks.PAUSE_AFTER_FAILURES
    assert "HTTP 500" in endpoint.pause_reason
    assert AuditEntry.objects.filter(action="webhook.paused", object_id=str(endpoint.pk)).count() == 1
    told = [message for message in mail.outbox if message.to == ["admin@hooks.example.com"]]
    assert len(told) == 1 and endpoint.url in told[0].subject
    # Paused: nothing more is sent, new events wait.
    sent = len(receiver.received)
    with django_capture_on_commit_callbacks(execute=True):
        approve(_applicant(world["expo"]), by=world["admin"])
    assert webhooks.deliver_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert len(receiver.received) == sent
    # Resumed: the waiting deliveries go out.
    receiver.answers = []
    waiting = webhooks.resume_endpoint(endpoint, by=world["admin"])
    assert len(waiting) == webhooks.PAUSE_AFTER_FAILURES + 1
    for pk in waiting:
        webhooks.attempt_delivery(pk)
    assert WebhookDelivery.objects.filter(status=DeliveryStatus.DELIVERED).count() == len(waiting)


def test_a_test_event_is_sent_to_one_endpoint(world, receiver, django_capture_on_commit_callbacks):
    endpoint, secret = _register(world, receiver)
    from tradefair.conversations.webhook_tasks import dispatch

    with django_capture_on_commit_callbacks(execute=True):
        delivery = webhooks.send_test_event(endpoint, by=world["admin"])
        dispatch([delivery.pk])
    (item,) = receiver.received
    assert item.json["type"] == "webhook.test"
    assert verify(secret, item.headers, item.body)


def test_a_rotated_secret_signs_beside_the_old_one_for_a_day(world, receiver):
    endpoint, old = _register(world, receiver)
    new = webhooks.rotate_secret(endpoint, by=world["admin"])
    assert new != old and new.startswith("whsec_")
    endpoint.refresh_from_db()
    delivery = webhooks.send_test_event(endpoint, by=world["admin"])
    body, headers = webhooks.request_of(delivery)
    assert verify(new, headers, body) and verify(old, headers, body)
    later = timezone.now() + dt.timedelta(hours=25)
    body, headers = webhooks.request_of(delivery, now=later)
    assert verify(new, headers, body) and not verify(old, headers, body)


# ---------------------------------------------------------------------------
# Server-side request forgery


@pytest.mark.parametrize(
    "url",
    [
        "https://127.0.0.1/hook",
        "https://10.0.0.8/hook",
        "https://169.254.169.254/latest/meta-data/",
        "https://[::1]/hook",
        "https://[::ffff:127.0.0.1]/hook",
        "https://192.168.1.1:8443/hook",
        "https://localhost/hook",
        "https://0.0.0.0/hook",
    ],
)
def test_private_and_loopback_targets_are_refused(world, url):
    with pytest.raises(TargetRefused) as refused:
        webhooks.register_endpoint(world["expo"], by=world["admin"], url=url, events=[events.DEAL_SIGNED])
    assert refused.value.code == "webhook_private_address"
    assert "private" in refused.value.message


def test_plain_http_is_refused_without_the_flag(world):
    with pytest.raises(TargetRefused) as refused:
        webhooks.register_endpoint(
            world["expo"], by=world["admin"], url="http://crm.example.com/hook", events=[events.DEAL_SIGNED]
        )
    assert refused.value.code == "webhook_https"


def test_a_name_that_later_resolves_to_loopback_is_refused_at_delivery(
    world, receiver, monkeypatch, django_capture_on_commit_callbacks
):
    """DNS rebinding: the name was public at registration and points at loopback when the
    event is delivered. Each delivery resolves and checks again, and refuses without
    connecting."""
    real = socket.getaddrinfo
    answer = {"crm.example.com": "93.184.216.34"}

    def resolver(host, *args, **kwargs):
        return real(answer.get(host, host), *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    webhooks.register_endpoint(
        world["expo"],
        by=world["admin"],
        url="https://crm.example.com/hook",
        events=[events.PARTICIPANT_APPROVED],
    )
    answer["crm.example.com"] = "127.0.0.1"
    with django_capture_on_commit_callbacks(execute=True):
        approve(_applicant(world["expo"]), by=world["admin"])
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == DeliveryStatus.RETRYING
    assert delivery.response_code is None
    assert "127.0.0.1" in delivery.error


def test_plain_http_to_a_private_receiver_is_refused_once_the_flag_is_off(
    world, receiver, django_capture_on_commit_callbacks
):
    _register(world, receiver)
    webhooks.set_private_targets(world["expo"], by=world["admin"], allowed=False)
    with django_capture_on_commit_callbacks(execute=True):
        approve(_applicant(world["expo"]), by=world["admin"])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.RETRYING, None)
    assert "HTTPS" in delivery.error
    assert receiver.received == []


def test_a_public_looking_name_resolving_to_loopback_is_refused(world, monkeypatch):
    real = socket.getaddrinfo

    def rebinding(host, *args, **kwargs):
        if host == "crm.example.com":
            return real("127.0.0.1", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(TargetRefused) as refused:
        webhooks.register_endpoint(
            world["expo"], by=world["admin"], url="https://crm.example.com/hook", events=[events.DEAL_SIGNED]
        )
    assert "127.0.0.1" in refused.value.message


def test_a_redirect_is_not_followed(world, receiver, django_capture_on_commit_callbacks):
    _register(world, receiver)
    receiver.answers = [302]
    with django_capture_on_commit_callbacks(execute=True):
        approve(_applicant(world["expo"]), by=world["admin"])
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.RETRYING, 302)
    assert delivery.error == "redirects are not followed"
    assert len(receiver.received) == 1


def test_address_classes():
    assert [is_public(a) for a in ("8.8.8.8", "2606:4700::1111")] == [True, True]
    assert not any(
        is_public(a)
        for a in (
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.0.1",
            "169.254.169.254",
            "100.64.0.1",
            "224.0.0.1",
            "::1",
            "fe80::1",
            "fc00::1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
            "2002:7f00:1::",
        )
    )


def test_the_private_targets_flag_is_audited(world):
    webhooks.set_private_targets(world["expo"], by=world["admin"], allowed=True)
    entry = AuditEntry.objects.get(action="webhooks.private_targets")
    assert entry.data == {"allowed": True}
    assert entry.actor == world["admin"]


# ---------------------------------------------------------------------------
# Who may


@pytest.mark.parametrize("level", [OrganiserLevel.STAFF, OrganiserLevel.VIEWER])
def test_only_the_expos_administrators_manage_webhooks(world, level):
    other = UserFactory()
    world["expo"].organisers.add(other, through_defaults={"level": level})
    with pytest.raises(ConversationForbidden):
        webhooks.register_endpoint(
            world["expo"], by=other, url="https://crm.example.com/", events=[events.DEAL_SIGNED]
        )
    with pytest.raises(ConversationForbidden):
        webhooks.set_private_targets(world["expo"], by=other, allowed=True)


def test_another_expos_administrator_cannot_reach_the_endpoints(world, receiver):
    endpoint, _secret = _register(world, receiver)
    elsewhere = ExpoFactory()
    stranger = UserFactory()
    elsewhere.organisers.add(stranger)
    with pytest.raises(ConversationForbidden):
        webhooks.endpoints_of(world["expo"], by=stranger)
    with pytest.raises(ConversationForbidden):
        webhooks.get_endpoint(world["expo"], endpoint.pk, by=stranger)


def test_unknown_or_no_events_are_refused(world):
    with pytest.raises(Exception) as refused:
        webhooks.register_endpoint(
            world["expo"], by=world["admin"], url="https://x.example/", events=["deal.lost"]
        )
    assert refused.value.code == "webhook_events"
    with pytest.raises(Exception) as refused:
        webhooks.register_endpoint(world["expo"], by=world["admin"], url="https://x.example/", events=[])
    assert refused.value.code == "webhook_events"


def test_erasure_removes_the_person_from_stored_events(world, receiver, django_capture_on_commit_callbacks):
    from tradefair.people.domain.personal_data import erase_personal_data

    _register(world, receiver)
    user = UserFactory(username="erased-later")
    applicant = _applicant(world["expo"], name="Дарья Смирнова", email="darya@example.ru", user=user)
    with django_capture_on_commit_callbacks(execute=True):
        approve(applicant, by=world["admin"])
    assert "Дарья Смирнова" in receiver.received[0].body.decode()
    with django_capture_on_commit_callbacks(execute=True):
        erase_personal_data(user)
    stored = WebhookEvent.objects.get(kind="participant.approved").body["data"]["participant"]
    assert stored["id"] == applicant.pk
    assert stored["email"] == "" and "Дарья" not in stored["name"]
