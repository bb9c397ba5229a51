from tradefair.onsite.models.badges import Badge, BadgeFormat, CheckIn
from tradefair.onsite.models.letters import InvitationLetter, LetterSettings, LetterStatus

__all__ = ["Badge", "BadgeFormat", "CheckIn", "InvitationLetter", "LetterSettings", "LetterStatus"]
