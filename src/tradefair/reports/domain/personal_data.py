"""Reports' part of a person's erasure (people.signals): the expo's stored exports whose
rows name participants go; requested again, they list the placeholder."""

from django.dispatch import receiver

from tradefair.people.signals import participant_erased
from tradefair.reports.models import ExportJob

# Stored exports (reports.domain.exports) whose rows name participants.
PEOPLE_DATASETS = ("participants", "meetings")


@receiver(participant_erased, dispatch_uid="tradefair.reports.erase")
def erase_stored_exports(sender, *, participant, **kwargs) -> list:
    ExportJob.objects.filter(expo_id=participant.expo_id, dataset__in=PEOPLE_DATASETS).delete()
    return []
