"""Conversations' business actions: who may write to whom, the daily limit, blocks,
reports and their review, read markers, the meeting request a conversation becomes."""

import pytest

from tests.conversations.factories import make_world
from tests.factories import ExpoFactory, ParticipantFactory, UserFactory
from tradefair.common.models import AuditEntry
from tradefair.conversations.domain.errors import (
    ConversationError,
    ConversationForbidden,
    ConversationNotFound,
)
from tradefair.conversations.domain.meetings import conversation_link, request_meeting
from tradefair.conversations.domain.messaging import (
    mark_read,
    search_conversations,
    send_message,
    start_conversation,
    unread_count,
)
from tradefair.conversations.domain.results import conversation_figures
from tradefair.conversations.domain.rules import update_settings
from tradefair.conversations.domain.safety import (
    block_participant,
    report_message,
    review_report,
    unblock_participant,
)
from tradefair.conversations.models import ConversationSettings, Message, ReportStatus, WritePolicy
from tradefair.matchmaking.domain.requests import accept_request
from tradefair.people.models import RegistrationStatus, Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return make_world()


def _policy(expo, policy, limit=20):
    ConversationSettings.objects.update_or_create(
        expo=expo, defaults={"write_policy": policy, "daily_limit": limit}
    )


def test_every_team_member_reads_and_answers_a_conversation_with_the_team(world):
    conversation, first = start_conversation(
        world["buyer"], exhibitor=world["exhibitor"], body="Do you ship to Irkutsk?", language="ru"
    )
    assert first.language == "ru"
    assert unread_count(world["seller"]) == 1 and unread_count(world["colleague"]) == 1
    reply = send_message(conversation, sender=world["colleague"], body="Yes, by rail.", language="en")
    assert reply.sender == world["colleague"]
    conversation.refresh_from_db()
    assert conversation.answered_at == reply.created_at
    # The colleague's answer counts as read for the colleague, not for the seller.
    assert unread_count(world["colleague"]) == 0
    assert unread_count(world["seller"]) == 2
    assert unread_count(world["buyer"]) == 1
    mark_read(conversation, reader=world["buyer"])
    assert unread_count(world["buyer"]) == 0


def test_writing_again_to_the_same_person_continues_the_thread_in_either_direction(world):
    first, _ = start_conversation(world["buyer"], counterpart=world["other"], body="Hello")
    again, _ = start_conversation(world["other"], counterpart=world["buyer"], body="Hello back")
    assert again.pk == first.pk
    assert list(first.messages.values_list("body", flat=True)) == ["Hello", "Hello back"]


def test_only_approved_participants_write_and_are_written_to(world):
    pending = ParticipantFactory(expo=world["expo"], status=RegistrationStatus.PENDING)
    with pytest.raises(ConversationForbidden):
        start_conversation(pending, counterpart=world["buyer"], body="Hi")
    with pytest.raises(ConversationError) as refused:
        start_conversation(world["buyer"], counterpart=pending, body="Hi")
    assert refused.value.code == "unknown_recipient"
    stranger = ParticipantFactory(expo=ExpoFactory(slug="elsewhere"))
    with pytest.raises(ConversationError):
        start_conversation(world["buyer"], counterpart=stranger, body="Hi")


def test_a_team_member_cannot_write_to_the_own_team(world):
    with pytest.raises(ConversationError) as refused:
        start_conversation(world["seller"], exhibitor=world["exhibitor"], body="Hi")
    assert refused.value.code == "own_team"


@pytest.mark.parametrize(
    ("policy", "writer", "to_team", "allowed"),
    [
        (WritePolicy.EVERYONE, "other", False, True),
        (WritePolicy.TO_EXHIBITORS, "other", False, False),
        (WritePolicy.TO_EXHIBITORS, "other", True, True),
        (WritePolicy.TO_EXHIBITORS, "buyer", False, True),  # to the seller, an exhibitor
        (WritePolicy.BUYERS_TO_EXHIBITORS, "buyer", True, True),
        (WritePolicy.BUYERS_TO_EXHIBITORS, "seller", False, False),  # an exhibitor to a buyer
        (WritePolicy.NOBODY, "buyer", True, False),
    ],
)
def test_the_expo_policy_decides_who_may_start_a_conversation(world, policy, writer, to_team, allowed):
    _policy(world["expo"], policy)
    target = {"exhibitor": world["exhibitor"]} if to_team else {}
    if not to_team:
        target["counterpart"] = world["buyer"] if writer != "buyer" else world["seller"]
    if allowed:
        conversation, _ = start_conversation(world[writer], body="Hello", **target)
        assert conversation.messages.count() == 1
    else:
        with pytest.raises(ConversationError):
            start_conversation(world[writer], body="Hello", **target)


def test_answering_is_allowed_whatever_the_policy(world):
    conversation, _ = start_conversation(world["buyer"], exhibitor=world["exhibitor"], body="Price?")
    _policy(world["expo"], WritePolicy.NOBODY)
    assert send_message(conversation, sender=world["seller"], body="40 USD").body == "40 USD"


def test_the_daily_limit_counts_new_conversations_not_messages(world):
    _policy(world["expo"], WritePolicy.EVERYONE, limit=1)
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="One")
    send_message(conversation, sender=world["buyer"], body="Two")
    with pytest.raises(ConversationError) as refused:
        start_conversation(world["buyer"], exhibitor=world["exhibitor"], body="Three")
    assert refused.value.code == "daily_limit"
    assert Message.objects.count() == 2


def test_blocking_stops_both_sides_and_unblocking_lifts_it(world):
    conversation, _ = start_conversation(world["buyer"], counterpart=world["other"], body="Buy my coal")
    block_participant(world["other"], blocked=world["buyer"])
    for sender in ("buyer", "other"):
        with pytest.raises(ConversationError) as refused:
            send_message(conversation, sender=world[sender], body="Again")
        assert refused.value.code == "blocked"
    assert AuditEntry.objects.filter(action="participant.blocked", expo=world["expo"]).count() == 1
    unblock_participant(world["other"], blocked=world["buyer"])
    assert send_message(conversation, sender=world["buyer"], body="Sorry").body == "Sorry"


def test_a_team_member_blocking_a_buyer_keeps_the_buyer_out_of_a_new_team_conversation(world):
    block_participant(world["colleague"], blocked=world["buyer"])
    with pytest.raises(ConversationError) as refused:
        start_conversation(world["buyer"], exhibitor=world["exhibitor"], body="Hi")
    assert refused.value.code == "blocked"


def test_a_report_goes_to_the_queue_and_removing_hides_the_message_with_an_audit_entry(world):
    conversation, message = start_conversation(world["buyer"], counterpart=world["other"], body="Spam spam")
    with pytest.raises(ConversationError):
        report_message(message, reporter=world["buyer"], reason="mine")
    outsider = ParticipantFactory(expo=world["expo"])
    with pytest.raises(ConversationNotFound):
        report_message(message, reporter=outsider)
    report = report_message(message, reporter=world["other"], reason="Advertising")
    organiser = UserFactory(username="organiser")
    world["expo"].organisers.add(organiser)
    with pytest.raises(ConversationForbidden):
        review_report(report, by=world["other"].user, decision="remove")
    review_report(report, by=organiser, decision="remove", note="spam")
    report.refresh_from_db()
    message.refresh_from_db()
    assert report.status == ReportStatus.REMOVED and report.reviewed_by == organiser
    assert message.hidden_at is not None
    actions = set(AuditEntry.objects.filter(expo=world["expo"]).values_list("action", flat=True))
    assert {"message.reported", "message_report.reviewed"} <= actions
    with pytest.raises(ConversationError):
        review_report(report, by=organiser, decision="dismiss")


def test_a_conversation_becomes_a_meeting_request_that_links_back_and_counts(world):
    conversation, _ = start_conversation(
        world["buyer"], exhibitor=world["exhibitor"], body="Can you quote 40 units?"
    )
    send_message(conversation, sender=world["colleague"], body="Yes: 38 USD each.")
    request = request_meeting(conversation, by=world["buyer"], note="Let us meet at the stand")
    # The colleague who answered receives it, with the conversation's context.
    assert request.recipient == world["colleague"] and request.sender == world["buyer"]
    assert "Let us meet at the stand" in request.message
    assert "Li Wei: Yes: 38 USD each." in request.message
    assert conversation_link(request) == f"/expos/cnea/messages/{conversation.pk}/"
    assert conversation_figures(world["expo"]) == {
        "conversations_started": 1,
        "conversations_answered_24h": 1,
        "conversations_to_meetings": 0,
    }
    accept_request(request, by=world["colleague"])
    assert conversation_figures(world["expo"])["conversations_to_meetings"] == 1


def test_search_finds_by_name_and_text_and_flags_unread(world):
    start_conversation(world["buyer"], exhibitor=world["exhibitor"], body="Birch plywood 18 mm")
    start_conversation(world["buyer"], counterpart=world["other"], body="Coal")
    assert [c.exhibitor_id for c in search_conversations(world["buyer"], "plywood")] == [
        world["exhibitor"].pk
    ]
    assert search_conversations(world["buyer"], "Kim").count() == 1
    assert [c.has_unread for c in search_conversations(world["seller"])] == [True]


def test_messages_keep_any_script_and_refuse_empty_or_overlong_text(world):
    conversation, message = start_conversation(
        world["buyer"], counterpart=world["other"], body="  Привет — 你好 — مرحبا  "
    )
    assert message.body == "Привет — 你好 — مرحبا"
    with pytest.raises(ConversationError):
        send_message(conversation, sender=world["buyer"], body="   ")
    with pytest.raises(ConversationError) as refused:
        send_message(conversation, sender=world["buyer"], body="x" * 5001)
    assert refused.value.code == "message_too_long"


def test_only_admins_change_the_settings(world):
    staff_user = UserFactory(username="staff-organiser")
    world["expo"].organisers.add(staff_user, through_defaults={"level": "staff"})
    with pytest.raises(ConversationForbidden):
        update_settings(world["expo"], by=staff_user, write_policy="nobody", daily_limit=5)
    admin = UserFactory(username="admin-organiser")
    world["expo"].organisers.add(admin)
    settings = update_settings(world["expo"], by=admin, write_policy="to_exhibitors", daily_limit=5)
    assert (settings.write_policy, settings.daily_limit) == ("to_exhibitors", 5)


def test_an_investor_counts_on_the_buying_side(world):
    _policy(world["expo"], WritePolicy.BUYERS_TO_EXHIBITORS)
    investor = ParticipantFactory(expo=world["expo"], roles=[Role.INVESTOR])
    conversation, _ = start_conversation(investor, exhibitor=world["exhibitor"], body="Invest?")
    assert conversation.exhibitor == world["exhibitor"]
