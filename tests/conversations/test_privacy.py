"""Messages in the personal data export; erasure keeps the other side's copy readable
from "a former participant"."""

import json

import pytest

from tests.conversations.factories import make_world
from tradefair.conversations.domain.messaging import send_message, start_conversation
from tradefair.conversations.domain.safety import block_participant, report_message
from tradefair.conversations.models import Block, Message, ReadMarker, Report
from tradefair.people.domain.personal_data import erase_personal_data, export_personal_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def test_the_export_holds_the_persons_conversations_and_messages(world):
    conversation, _ = start_conversation(world["buyer"], exhibitor=world["exhibitor"], body="Привет, 你好")
    send_message(conversation, sender=world["seller"], body="Welcome")
    exported = export_personal_data(world["buyer"].user)
    (participation,) = exported["participations"]
    (thread,) = participation["conversations"]
    assert thread["with"] == "Jilin Wood" and thread["started_by_me"] is True
    assert [(m["from_me"], m["sender"], m["body"]) for m in thread["messages"]] == [
        (True, "Ivan Petrov", "Привет, 你好"),
        (False, "王芳", "Welcome"),
    ]
    json.dumps(exported)  # serialisable as it is sent


def test_erasure_anonymises_the_sender_and_keeps_the_counterparts_copy(client, world):
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="Ship to Irkutsk?")
    send_message(conversation, sender=world["other"], body="Yes")
    block_participant(world["buyer"], blocked=world["seller"])
    report_message(Message.objects.get(body="Yes"), reporter=world["buyer"], reason="Kim was rude")
    erase_personal_data(world["buyer"].user)

    client.force_login(world["other"].user)
    listing = client.get("/expos/cnea/messages/").content.decode()
    assert "a former participant" in listing and "Ivan Petrov" not in listing
    thread = client.get(f"/expos/cnea/messages/{conversation.pk}/").content.decode()
    assert "Ship to Irkutsk?" in thread and "a former participant" in thread and "Ivan Petrov" not in thread
    # The counterpart can no longer write to someone who is gone.
    response = client.post(f"/expos/cnea/messages/{conversation.pk}/", {"body": "Hello?"}, follow=True)
    assert "Nobody on the other side takes part in the expo any more." in response.content.decode()
    buyer = world["buyer"]
    assert not ReadMarker.objects.filter(participant=buyer).exists()
    assert not Block.objects.filter(blocker=buyer).exists()
    assert not buyer.__class__.objects.get(pk=buyer.pk).user_id
    assert list(Report.objects.values_list("reason", flat=True)) == [""]
