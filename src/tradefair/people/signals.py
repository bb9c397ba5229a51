"""How each app answers for the personal data it holds, the way Indico's
``users.anonymized`` signal and pretix's data shredders work: people sends these
signals and imports none of the apps above it; each app connects its receivers (its
``domain/personal_data.py``) when it is ready.

``collect_personal_data`` is sent with ``participant`` for a copy of one participation
(people.domain.personal_data.export_personal_data): each receiver returns a dict of the
export's sections about the data its app holds.

``participant_erased`` is sent inside the erasure transaction of one participation
(people.domain.anonymisation.anonymise_participant), before the participant's own row
is rewritten, with ``participant``, ``old_name``, ``name`` (the placeholder that replaces
it), ``addresses`` (the person's e-mail addresses, lower case) and ``withdraw`` (the
expo has not ended: free what the person held for others). Each receiver erases its
app's part and returns the texts it erased that name the person elsewhere (passport
numbers, which the admin log may quote), or an empty list."""

from django.dispatch import Signal

collect_personal_data = Signal()
participant_erased = Signal()


def when(value) -> str | None:
    """Dates and instants of the export, as ISO 8601 text."""
    return value.isoformat() if value is not None else None
