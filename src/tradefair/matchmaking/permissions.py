"""Who may do what in matchmaking, as django-rules permissions; the domain functions check
them (access.require), the pages and the API only show or hide what the check allows.

- ``matchmaking.view_rounds``: any organiser level reads the rounds, their reports, files
  and meetings;
- ``matchmaking.manage_rounds``: the expo's admins open, run, change (pin, upload) and
  publish rounds, and set the matchmaking rules: that decides whom every participant meets;
- ``matchmaking.take_part``: approved participants of the expo;
- ``matchmaking.enter_room``: an online meeting's video room, for its two parties and the
  expo's organisers who work on it (staff and admins), to help. The time window is checked
  by matchmaking.domain.rooms, which calls these predicates;
- ``matchmaking.see_rooms_in_use``: who is in which room now, for any organiser level."""

import rules

from tradefair.expos.permissions import administers_expo, operates_expo, sees_as_organiser
from tradefair.people.permissions import is_participant, participant_of


@rules.predicate
def is_party_to_meeting(user, meeting) -> bool:
    participant = participant_of(user, meeting.round.expo)
    return participant is not None and meeting.involves(participant.pk)


@rules.predicate
def helps_in_meeting_rooms(user, meeting) -> bool:
    return operates_expo(user, meeting.round.expo)


rules.add_perm("matchmaking.view_rounds", sees_as_organiser)
rules.add_perm("matchmaking.manage_rounds", administers_expo)
rules.add_perm("matchmaking.take_part", is_participant)
rules.add_perm("matchmaking.enter_room", is_party_to_meeting | helps_in_meeting_rooms)
rules.add_perm("matchmaking.see_rooms_in_use", sees_as_organiser)
