"""Conversation pages: writing to a team, the thread and its polling, escaping, blocks,
reports and the organisers' queue, the meeting request, rate limits, the menu count."""

import pytest

from tests.conversations.factories import make_world
from tests.factories import ParticipantFactory, UserFactory
from tradefair.conversations.domain.messaging import send_message, start_conversation
from tradefair.conversations.models import Block, Conversation, Message, Report, ReportStatus
from tradefair.matchmaking.models import MeetingRequest
from tradefair.people.models import RegistrationStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def _as(client, participant):
    client.force_login(participant.user)
    return client


def test_a_buyer_writes_to_the_team_from_the_exhibitor_page_and_a_colleague_sees_it(client, world):
    page = _as(client, world["buyer"]).get(f"/expos/cnea/exhibitors/{world['exhibitor'].pk}/")
    write = f"/expos/cnea/messages/write/exhibitors/{world['exhibitor'].pk}/"
    assert f'href="{write}"' in page.content.decode()
    response = client.post(write, {"body": "Do you ship to Irkutsk?"})
    conversation = Conversation.objects.get()
    assert response.status_code == 302 and response["Location"].startswith(
        f"/expos/cnea/messages/{conversation.pk}/"
    )

    client.force_login(world["colleague"].user)
    listing = client.get("/expos/cnea/messages/").content.decode()
    assert "Ivan Petrov" in listing and "unread" in listing
    assert 'class="badge unread-count"' in listing
    thread = client.get(f"/expos/cnea/messages/{conversation.pk}/").content.decode()
    assert "Do you ship to Irkutsk?" in thread
    client.post(f"/expos/cnea/messages/{conversation.pk}/", {"body": "Yes, by rail."})
    reply = Message.objects.order_by("-id").first()
    assert reply.sender == world["colleague"] and reply.language == "en"
    # The buyer sees who answered, for which team.
    client.force_login(world["buyer"].user)
    thread = client.get(f"/expos/cnea/messages/{conversation.pk}/").content.decode()
    assert "Li Wei" in thread and "Jilin Wood" in thread


def test_no_html_or_script_is_ever_rendered_from_a_message(client, world):
    conversation, _ = start_conversation(
        world["buyer"],
        counterpart=world["other"],
        body='<script>alert(1)</script>\n<b onmouseover="x()">hi</b>',
    )
    thread = _as(client, world["other"]).get(f"/expos/cnea/messages/{conversation.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in thread and "<b onmouseover" not in thread
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;<br>&lt;b onmouseover=&quot;x()&quot;&gt;hi&lt;/b&gt;" in thread
    )
    fragment = client.get(f"/expos/cnea/messages/{conversation.pk}/new/?after=0").content.decode()
    assert "&lt;script&gt;" in fragment and "<script>" not in fragment
    # No inline script or handler on the page: the polling is a static file.
    assert "<script>" not in thread and "onload=" not in thread
    assert 'src="/static/conversations/thread.js"' in thread


def test_polling_returns_only_newer_messages_and_marks_them_read(client, world):
    conversation, first = start_conversation(world["buyer"], counterpart=world["other"], body="First")
    second = send_message(conversation, sender=world["buyer"], body="Second")
    response = _as(client, world["other"]).get(
        f"/expos/cnea/messages/{conversation.pk}/new/?after={first.pk}"
    )
    body = response.content.decode()
    assert "Second" in body and "First" not in body
    assert response["X-Last-Message"] == str(second.pk)
    assert 'class="badge unread-count"' not in client.get("/expos/cnea/messages/").content.decode()


def test_long_threads_are_paginated_showing_the_latest_page(client, world):
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="message 0")
    for number in range(1, 60):
        send_message(conversation, sender=world["buyer"], body=f"message {number}")
    page = _as(client, world["other"]).get(f"/expos/cnea/messages/{conversation.pk}/").content.decode()
    assert "message 59" in page and "message 5<" not in page
    assert "Earlier messages" in page
    first = client.get(f"/expos/cnea/messages/{conversation.pk}/?page=1").content.decode()
    assert "message 0<" in first and "message 59" not in first


def test_the_list_searches_and_outsiders_do_not_find_a_thread(client, world):
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="Birch plywood")
    start_conversation(world["buyer"], exhibitor=world["exhibitor"], body="Coal")
    found = _as(client, world["buyer"]).get("/expos/cnea/messages/?q=plywood").content.decode()
    assert "Kim Minjun" in found and "Jilin Wood" not in found
    assert (
        "No conversation matches your search." in client.get("/expos/cnea/messages/?q=zzz").content.decode()
    )
    client.force_login(world["seller"].user)
    assert client.get(f"/expos/cnea/messages/{conversation.pk}/").status_code == 404
    pending = ParticipantFactory(expo=world["expo"], user=UserFactory(), status=RegistrationStatus.PENDING)
    client.force_login(pending.user)
    assert client.get("/expos/cnea/messages/").status_code == 403


def test_blocking_from_the_thread_stops_the_other_side(client, world):
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="Buy coal")
    _as(client, world["other"]).post(
        f"/expos/cnea/messages/{conversation.pk}/block/", {"participant": world["buyer"].pk}
    )
    assert Block.objects.filter(blocker=world["other"], blocked=world["buyer"]).exists()
    client.force_login(world["buyer"].user)
    response = client.post(f"/expos/cnea/messages/{conversation.pk}/", {"body": "Hello?"}, follow=True)
    assert "You cannot write in this conversation any more." in response.content.decode()
    assert conversation.messages.count() == 1


def test_a_report_reaches_the_organiser_queue_which_removes_the_message(client, world):
    conversation, message = start_conversation(world["buyer"], counterpart=world["other"], body="Rude words")
    _as(client, world["other"]).post(
        f"/expos/cnea/messages/{conversation.pk}/report/", {"message": message.pk, "reason": "Insults"}
    )
    report = Report.objects.get()
    organiser = UserFactory(username="organiser")
    world["expo"].organisers.add(organiser, through_defaults={"level": "staff"})
    client.force_login(organiser)
    queue = client.get("/expos/cnea/messages/reports/").content.decode()
    assert "Rude words" in queue and "Insults" in queue
    assert 'href="/expos/cnea/messages/reports/"' in queue  # in the organiser navigation
    client.post(f"/expos/cnea/messages/reports/{report.pk}/", {"decision": "remove"})
    report.refresh_from_db()
    assert report.status == ReportStatus.REMOVED
    client.force_login(world["other"].user)
    thread = client.get(f"/expos/cnea/messages/{conversation.pk}/").content.decode()
    assert "Rude words" not in thread and "This message was removed by the organisers." in thread


def test_a_viewer_sees_the_queue_but_does_not_review(client, world):
    conversation, message = start_conversation(world["buyer"], counterpart=world["other"], body="Spam")
    report = Report.objects.create(message=message, reporter=world["other"])
    viewer = UserFactory(username="viewer")
    world["expo"].organisers.add(viewer, through_defaults={"level": "viewer"})
    client.force_login(viewer)
    assert client.get("/expos/cnea/messages/reports/").status_code == 200
    assert (
        client.post(f"/expos/cnea/messages/reports/{report.pk}/", {"decision": "remove"}).status_code == 403
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.OPEN


def test_one_click_turns_the_conversation_into_a_request_that_links_back(client, world):
    conversation, _ = start_conversation(world["buyer"], exhibitor=world["exhibitor"], body="Quote 40 units?")
    send_message(conversation, sender=world["seller"], body="38 USD each")
    response = _as(client, world["buyer"]).post(
        f"/expos/cnea/messages/{conversation.pk}/meeting/", {"note": ""}
    )
    assert response["Location"] == "/expos/cnea/matchmaking/requests/"
    request = MeetingRequest.objects.get()
    assert request.recipient == world["seller"] and "38 USD each" in request.message
    client.force_login(world["seller"].user)
    requests_page = client.get("/expos/cnea/matchmaking/requests/").content.decode()
    assert f'href="/expos/cnea/messages/{conversation.pk}/"' in requests_page


def test_new_conversations_past_the_rate_are_refused_with_a_429(client, settings, world):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "conversation": "1/h"}
    _as(client, world["buyer"])
    assert (
        client.post(
            f"/expos/cnea/messages/write/participants/{world['other'].pk}/", {"body": "a"}
        ).status_code
        == 302
    )
    refused = client.post(f"/expos/cnea/messages/write/exhibitors/{world['exhibitor'].pk}/", {"body": "b"})
    assert refused.status_code == 429
    assert Conversation.objects.count() == 1


def test_messages_past_the_rate_are_refused_with_a_429(client, settings, world):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "message": "2/h"}
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="start")
    _as(client, world["buyer"])
    statuses = [
        client.post(f"/expos/cnea/messages/{conversation.pk}/", {"body": "x"}).status_code for _ in range(3)
    ]
    assert statuses == [302, 302, 429]
    assert conversation.messages.count() == 3


def test_the_organisers_choose_the_policy_and_the_daily_limit(client, world):
    admin = UserFactory(username="admin-organiser")
    world["expo"].organisers.add(admin)
    client.force_login(admin)
    client.post("/expos/cnea/messages/settings/", {"write_policy": "to_exhibitors", "daily_limit": 3})
    client.force_login(world["buyer"].user)
    response = client.post(f"/expos/cnea/messages/write/participants/{world['other'].pk}/", {"body": "Hi"})
    assert "At this expo, conversations are with exhibitors only." in response.content.decode()
    assert Conversation.objects.count() == 0


def test_the_organisers_dashboard_counts_conversations_answers_and_meetings(client, world):
    conversation, _ = start_conversation(world["buyer"], exhibitor=world["exhibitor"], body="Quote?")
    send_message(conversation, sender=world["seller"], body="Yes")
    start_conversation(world["buyer"], counterpart=world["other"], body="Hello")
    organiser = UserFactory(username="organiser")
    world["expo"].organisers.add(organiser, through_defaults={"level": "viewer"})
    client.force_login(organiser)
    page = client.get("/expos/cnea/results/").content.decode()
    assert (
        '<div id="figure-conversations_started"><dt>Conversations started</dt><dd class="value">2</dd>'
        in page
    )
    assert (
        '<div id="figure-conversations_answered_24h"><dt>Answered within 24 hours</dt><dd class="value">1</dd>'
        in page
    )
    assert (
        '<div id="figure-conversations_to_meetings"><dt>Turned into meetings</dt><dd class="value">0</dd>'
        in page
    )


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _file(name, data, content_type):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


def test_a_pdf_and_an_image_travel_with_a_message_and_download_as_files(client, world):
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="Price list?")
    _as(client, world["other"]).post(
        f"/expos/cnea/messages/{conversation.pk}/",
        {
            "body": "",
            "attachments": [
                _file("../prices 2019.pdf", PDF, "application/pdf"),
                _file("p.png", PNG, "image/png"),
            ],
        },
    )
    message = conversation.messages.order_by("-id").first()
    files = list(message.attachments.order_by("id"))
    assert [(f.name, f.content_type, f.size) for f in files] == [
        ("prices 2019.pdf", "application/pdf", len(PDF)),
        ("p.png", "image/png", len(PNG)),
    ]
    client.force_login(world["buyer"].user)
    thread = client.get(f"/expos/cnea/messages/{conversation.pk}/").content.decode()
    link = f"/expos/cnea/messages/{conversation.pk}/attachments/{files[0].pk}/"
    assert f'href="{link}"' in thread
    download = client.get(link)
    assert download.content == PDF and download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in download["Content-Security-Policy"]
    # Not among one's own: not found.
    client.force_login(world["seller"].user)
    assert client.get(link).status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "content_type", "refusal"),
    [
        ("page.html", b"<html><script>alert(1)</script></html>", "image/png", "is not a PDF or an image"),
        ("fake.pdf", PNG, "application/pdf", "is not a PDF or an image"),
        (
            "drawing.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>',
            "image/svg+xml",
            "is not a PDF",
        ),
        ("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf", "is larger than 5 MB"),
    ],
)
def test_attachments_other_than_small_pdfs_and_images_are_refused(
    client, world, name, data, content_type, refusal
):
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="Hello")
    response = _as(client, world["other"]).post(
        f"/expos/cnea/messages/{conversation.pk}/",
        {"body": "see file", "attachments": [_file(name, data, content_type)]},
        follow=True,
    )
    assert refusal in response.content.decode()
    assert conversation.messages.count() == 1
