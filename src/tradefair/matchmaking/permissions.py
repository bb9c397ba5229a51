"""Who may enter an online meeting's video room (django-rules): its two parties, and the
expo's organisers who work on it (staff and admins), to help. The time window is checked
by matchmaking.domain.rooms, which calls these predicates."""

import rules

from tradefair.common.permissions import operates_expo, participant_of, sees_as_organiser


@rules.predicate
def is_party_to_meeting(user, meeting) -> bool:
    participant = participant_of(user, meeting.round.expo)
    return participant is not None and meeting.involves(participant.pk)


@rules.predicate
def helps_in_meeting_rooms(user, meeting) -> bool:
    return operates_expo(user, meeting.round.expo)


rules.add_perm("matchmaking.enter_room", is_party_to_meeting | helps_in_meeting_rooms)
# Who is in which room now: any organiser level reads it; entering to help needs staff.
rules.add_perm("matchmaking.see_rooms_in_use", sees_as_organiser)
