from tradefair.people.models.interests import Need, Offer
from tradefair.people.models.organisation import Organisation, OrganisationKind, SizeBand
from tradefair.people.models.participant import (
    EmailNotifications,
    Participant,
    ParticipantRole,
    RegistrationStatus,
    Role,
)

__all__ = [
    "EmailNotifications",
    "Need",
    "Offer",
    "Organisation",
    "OrganisationKind",
    "Participant",
    "ParticipantRole",
    "RegistrationStatus",
    "Role",
    "SizeBand",
]
