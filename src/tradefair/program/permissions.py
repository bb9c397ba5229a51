import rules

from tradefair.common.permissions import is_expo_organiser

rules.add_perm("program.manage", is_expo_organiser)
