"""The conversations API: the same rules as the pages, as JSON."""

import pytest

from tests.conversations.factories import make_world
from tests.factories import UserFactory
from tradefair.conversations.models import Block, Conversation, Report, ReportStatus

pytestmark = pytest.mark.django_db
A = "/api/v1/expos/cnea/"


@pytest.fixture
def world():
    return make_world()


def _post(client, path, data=None):
    return client.post(A + path, data or {}, content_type="application/json")


def test_a_buyer_writes_to_a_team_and_a_colleague_answers_through_the_api(client, world):
    client.force_login(world["buyer"].user)
    started = _post(
        client, "conversations", {"exhibitor_id": world["exhibitor"].pk, "body": "Привет", "language": "ru"}
    )
    assert started.status_code == 201
    conversation_id = started.json()["id"]
    assert started.json()["title"] == "Jilin Wood"

    client.force_login(world["colleague"].user)
    assert client.get(A + "unread-messages").json() == {"unread": 1}
    listed = client.get(A + "conversations").json()
    assert listed["count"] == 1 and listed["results"][0]["unread"] is True
    answer = _post(
        client, f"conversations/{conversation_id}/messages", {"body": "你好", "language": "zh-hans"}
    )
    assert answer.status_code == 201 and answer.json()["mine"] is True

    client.force_login(world["buyer"].user)
    messages = client.get(A + f"conversations/{conversation_id}/messages").json()
    assert [(m["sender"], m["body"], m["language"]) for m in messages["results"]] == [
        ("Ivan Petrov", "Привет", "ru"),
        ("Li Wei", "你好", "zh-hans"),
    ]
    first_id = messages["results"][0]["id"]
    newer = client.get(A + f"conversations/{conversation_id}/messages?after={first_id}").json()
    assert [m["body"] for m in newer["results"]] == ["你好"]
    assert (
        _post(client, f"conversations/{conversation_id}/read").json()["last_read_id"]
        == newer["results"][0]["id"]
    )
    assert client.get(A + "unread-messages").json() == {"unread": 0}


def test_a_conversation_of_others_is_not_found(client, world):
    client.force_login(world["buyer"].user)
    conversation_id = _post(
        client, "conversations", {"participant_id": world["other"].pk, "body": "Hi"}
    ).json()["id"]
    client.force_login(world["seller"].user)
    assert client.get(A + f"conversations/{conversation_id}").status_code == 404
    assert _post(client, f"conversations/{conversation_id}/messages", {"body": "x"}).status_code == 404


def test_refusals_are_4xx_with_a_code(client, world):
    client.force_login(world["seller"].user)
    own = _post(client, "conversations", {"exhibitor_id": world["exhibitor"].pk, "body": "Hi"})
    assert own.status_code == 400 and own.json()["code"] == "own_team"
    both = _post(
        client, "conversations", {"exhibitor_id": world["exhibitor"].pk, "participant_id": 1, "body": "x"}
    )
    assert both.status_code == 400
    empty = _post(client, "conversations", {"participant_id": world["buyer"].pk, "body": "  "})
    assert empty.json()["code"] == "empty_message"
    client.logout()
    assert client.get(A + "conversations").status_code == 401


def test_block_report_and_review_through_the_api(client, world):
    client.force_login(world["buyer"].user)
    conversation_id = _post(
        client, "conversations", {"participant_id": world["other"].pk, "body": "Spam"}
    ).json()["id"]
    client.force_login(world["other"].user)
    message_id = client.get(A + f"conversations/{conversation_id}/messages").json()["results"][0]["id"]
    report = _post(
        client, f"conversations/{conversation_id}/messages/{message_id}/report", {"reason": "spam"}
    )
    assert report.status_code == 201
    assert _post(client, "blocks", {"participant_id": world["buyer"].pk}).json() == {
        "participant_id": world["buyer"].pk,
        "blocked": True,
    }
    assert Block.objects.count() == 1
    client.force_login(world["buyer"].user)
    refused = _post(client, f"conversations/{conversation_id}/messages", {"body": "again"})
    assert refused.status_code == 400 and refused.json()["code"] == "blocked"
    # Participants do not read the queue; organisers do.
    assert client.get(A + "message-reports").status_code == 403
    organiser = UserFactory(username="organiser")
    world["expo"].organisers.add(organiser)
    client.force_login(organiser)
    queue = client.get(A + "message-reports").json()
    assert [item["message"] for item in queue["results"]] == ["Spam"]
    reviewed = _post(client, f"message-reports/{queue['results'][0]['id']}", {"decision": "dismiss"})
    assert reviewed.json()["status"] == ReportStatus.DISMISSED
    assert Report.objects.get().status == ReportStatus.DISMISSED


def test_the_meeting_request_comes_from_the_conversation(client, world):
    client.force_login(world["buyer"].user)
    conversation_id = _post(
        client, "conversations", {"exhibitor_id": world["exhibitor"].pk, "body": "Meet?"}
    ).json()["id"]
    created = _post(client, f"conversations/{conversation_id}/meeting-request", {"note": "Tuesday?"})
    assert created.status_code == 201
    assert created.json()["recipient_id"] == world["seller"].pk  # the exhibitor's meeting taker
    again = _post(client, f"conversations/{conversation_id}/meeting-request")
    assert again.status_code == 400 and again.json()["code"] == "request_exists"
    assert Conversation.objects.get().requests.count() == 1


def test_conversations_past_the_rate_are_refused_with_a_429(client, settings, world):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "conversation": "1/h"}
    client.force_login(world["buyer"].user)
    assert (
        _post(client, "conversations", {"participant_id": world["other"].pk, "body": "a"}).status_code == 201
    )
    refused = _post(client, "conversations", {"exhibitor_id": world["exhibitor"].pk, "body": "b"})
    assert refused.status_code == 429


def test_attachments_go_through_the_api_checked_as_on_the_pages(client, world):
    import base64

    client.force_login(world["buyer"].user)
    conversation_id = _post(
        client, "conversations", {"participant_id": world["other"].pk, "body": "Hi"}
    ).json()["id"]
    pdf = base64.b64encode(b"%PDF-1.4\n%%EOF").decode()
    sent = _post(
        client,
        f"conversations/{conversation_id}/messages",
        {"attachments": [{"name": "tariff.pdf", "content_type": "application/pdf", "data": pdf}]},
    )
    assert sent.status_code == 201
    (attachment,) = sent.json()["attachments"]
    assert (attachment["name"], attachment["content_type"], attachment["size"]) == (
        "tariff.pdf",
        "application/pdf",
        14,
    )
    assert client.get(attachment["url"]).content == b"%PDF-1.4\n%%EOF"
    html = base64.b64encode(b"<script>alert(1)</script>").decode()
    refused = _post(
        client,
        f"conversations/{conversation_id}/messages",
        {"body": "x", "attachments": [{"name": "x.png", "content_type": "image/png", "data": html}]},
    )
    assert refused.status_code == 400 and refused.json()["code"] == "attachment_type"
    garbled = _post(
        client,
        f"conversations/{conversation_id}/messages",
        {"attachments": [{"name": "x.pdf", "data": "%%%"}]},
    )
    assert garbled.status_code == 400 and garbled.json()["code"] == "attachment_encoding"
