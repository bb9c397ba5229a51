import rules

from tradefair.common.permissions import is_expo_organiser

rules.add_perm("news.manage", is_expo_organiser)
