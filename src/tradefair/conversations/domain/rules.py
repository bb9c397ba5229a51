"""The expo's conversation settings and who may write to whom under them."""

from django.db import transaction
from django.utils.translation import gettext as _

from tradefair.common.audit import log_action
from tradefair.conversations.domain.errors import ConversationError, ConversationForbidden
from tradefair.conversations.models import ConversationSettings, WritePolicy
from tradefair.expos.permissions import administers_expo
from tradefair.people.models import Role

# The buying side of an expo, for the "buyers to exhibitors" policy.
BUYING_ROLES = (Role.BUYER, Role.MERCHANT, Role.INVESTOR, Role.DELEGATION_MEMBER)
MAX_DAILY_LIMIT = 1000


def conversation_settings(expo) -> ConversationSettings:
    """The expo's settings; the defaults (everyone writes, 20 new conversations a day)
    until the organisers save their own, without writing a row on every read."""
    return ConversationSettings.objects.filter(expo=expo).first() or ConversationSettings(expo=expo)


def update_settings(expo, *, by, write_policy: str, daily_limit: int) -> ConversationSettings:
    """Admins of the expo decide who may write to whom and how many new threads a day."""
    if not administers_expo(by, expo):
        raise ConversationForbidden("forbidden", _("Only the expo's administrators change these settings."))
    if write_policy not in WritePolicy.values:
        raise ConversationError("write_policy", _("Choose one of the listed rules."))
    if not isinstance(daily_limit, int) or not 0 <= daily_limit <= MAX_DAILY_LIMIT:
        raise ConversationError(
            "daily_limit", _("The daily limit is a number from 0 to %(most)s.") % {"most": MAX_DAILY_LIMIT}
        )
    with transaction.atomic():
        settings, _created = ConversationSettings.objects.select_for_update().get_or_create(expo=expo)
        settings.write_policy = write_policy
        settings.daily_limit = daily_limit
        settings.save()
        log_action(
            settings,
            "conversation_settings.changed",
            actor=by,
            expo=expo,
            data={"write_policy": write_policy, "daily_limit": daily_limit},
        )
    return settings


def _roles(participant) -> set[str]:
    return set(participant.roles.values_list("role", flat=True))


def check_may_start(settings: ConversationSettings, starter, *, counterpart=None, exhibitor=None) -> None:
    """Refuse a new conversation that the expo's policy does not allow. Answering in an
    existing conversation is always allowed (blocks aside)."""
    policy = settings.write_policy
    if policy == WritePolicy.NOBODY:
        raise ConversationError("conversations_closed", _("The organisers have not opened conversations."))
    if policy == WritePolicy.EVERYONE:
        return
    to_exhibitor = exhibitor is not None or Role.EXHIBITOR in _roles(counterpart)
    if not to_exhibitor:
        raise ConversationError("write_policy", _("At this expo, conversations are with exhibitors only."))
    if policy == WritePolicy.BUYERS_TO_EXHIBITORS and not (_roles(starter) & set(BUYING_ROLES)):
        raise ConversationError(
            "write_policy", _("At this expo, only buyers, merchants and investors start conversations.")
        )
