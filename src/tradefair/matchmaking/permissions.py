"""Who may do what in matchmaking, as django-rules permissions; the domain functions check
them (access.require), the pages and the API only show or hide what the check allows.

- ``matchmaking.view_rounds``: any organiser level reads the rounds, their reports, files
  and meetings;
- ``matchmaking.manage_rounds``: the expo's admins open, run, change (pin, upload) and
  publish rounds, and set the matchmaking rules: that decides whom every participant meets;
- ``matchmaking.take_part``: approved participants of the expo."""

import rules

from tradefair.expos.permissions import administers_expo, sees_as_organiser
from tradefair.people.permissions import is_participant

rules.add_perm("matchmaking.view_rounds", sees_as_organiser)
rules.add_perm("matchmaking.manage_rounds", administers_expo)
rules.add_perm("matchmaking.take_part", is_participant)
