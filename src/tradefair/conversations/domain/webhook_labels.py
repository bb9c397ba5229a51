"""The events' names as organisers read them, in their language."""

from django.utils.translation import gettext_lazy as _

from tradefair.common import events

EVENT_LABELS = {
    events.PARTICIPANT_APPROVED: _("Participant approved"),
    events.REQUEST_ACCEPTED: _("Meeting request accepted"),
    events.MEETINGS_SCHEDULED: _("Meetings scheduled (a round published)"),
    events.MEETING_CANCELLED: _("Meeting cancelled"),
    events.MEETING_HELD: _("Meeting held"),
    events.DEAL_RECORDED: _("Deal recorded"),
    events.DEAL_SIGNED: _("Deal signed"),
    events.CHECKED_IN: _("Check-in at a gate"),
    events.RESULTS_PUBLISHED: _("Results published"),
    "webhook.test": _("Test event"),
}
