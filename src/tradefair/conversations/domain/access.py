"""Who is on which side of a conversation, and which conversations a person reads.

A conversation with an exhibitor's team belongs, on that side, to every approved
participant of the exhibitor's organisation in the expo: a colleague who joins the
stand on the second day reads what was said on the first."""

from django.db.models import Q
from django.utils.translation import gettext as _

from tradefair.common.i18n import localize
from tradefair.conversations.domain.errors import ConversationNotFound
from tradefair.conversations.models import Conversation
from tradefair.people.models import Participant, RegistrationStatus

MAX_ID = 2**63 - 1


def display_name(participant) -> str:
    """The name shown for a participant; an erased one is "a former participant", so
    that the counterpart's copy of the conversation stays readable."""
    if participant.anonymised_at is not None:
        return _("a former participant")
    return participant.name


def team_of(exhibitor):
    return Participant.objects.filter(
        expo_id=exhibitor.expo_id,
        organisation_id=exhibitor.organisation_id,
        status=RegistrationStatus.APPROVED,
    ).order_by("id")


def on_team(participant, exhibitor) -> bool:
    return bool(
        exhibitor is not None
        and participant.organisation_id is not None
        and participant.organisation_id == exhibitor.organisation_id
        and participant.expo_id == exhibitor.expo_id
        and participant.status == RegistrationStatus.APPROVED
    )


def conversations_of(participant):
    """Every conversation the participant reads: started, addressed to them, or to
    their organisation's team."""
    mine = Q(starter=participant) | Q(counterpart=participant)
    if participant.organisation_id is not None and participant.status == RegistrationStatus.APPROVED:
        mine |= Q(exhibitor__organisation_id=participant.organisation_id)
    return Conversation.objects.filter(expo_id=participant.expo_id).filter(mine)


def get_conversation(participant, conversation_id) -> Conversation:
    conversation = None
    if isinstance(conversation_id, int) and 0 < conversation_id <= MAX_ID:
        conversation = (
            conversations_of(participant)
            .select_related("starter__organisation", "counterpart__organisation", "exhibitor__organisation")
            .filter(pk=conversation_id)
            .first()
        )
    if conversation is None:
        raise ConversationNotFound("unknown_conversation", _("No such conversation among yours."))
    return conversation


def is_starter_side(conversation, participant) -> bool:
    return conversation.starter_id == participant.pk


def other_side(conversation, participant) -> list:
    """The people who read what ``participant`` writes in the conversation."""
    if is_starter_side(conversation, participant):
        if conversation.counterpart_id:
            return [conversation.counterpart]
        return list(team_of(conversation.exhibitor))
    return [conversation.starter]


def title_for(conversation, participant) -> str:
    """How the conversation is named for the reader: the other person, or the team."""
    if is_starter_side(conversation, participant):
        if conversation.exhibitor_id:
            return (
                localize(conversation.exhibitor.organisation.name)
                or conversation.exhibitor.organisation.legal_name
            )
        return display_name(conversation.counterpart)
    return display_name(conversation.starter)
