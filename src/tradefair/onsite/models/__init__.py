from tradefair.onsite.models.badges import Badge, BadgeFormat, CheckIn
from tradefair.onsite.models.letters import InvitationLetter

__all__ = ["Badge", "BadgeFormat", "CheckIn", "InvitationLetter"]
