"""Who may do what in conversations' organiser side, as django-rules permissions.

Webhooks send the expo's events (names, e-mail addresses, deals) to another system, and
their secrets sign for the expo: managing them is an expo setting, for administrators
(common/permissions.py). Viewers and staff see neither the endpoints nor the deliveries."""

import rules

from tradefair.expos.permissions import administers_expo

rules.add_perm("conversations.manage_webhooks", administers_expo)
