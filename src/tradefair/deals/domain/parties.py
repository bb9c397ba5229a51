"""Which organisations a user may name as the parties of a deal, and finding them by a
few letters (the deal form's autocomplete).

- the expo's staff and admins, who record deals: every organisation present at the expo
  (its exhibitors and its participants' organisations);
- an approved participant, who declares deals: their own organisation, the expo's
  exhibitors (public in the catalogue) and the organisations of the expo's approved
  participants (whom matchmaking shows them). Registrations still pending or cancelled,
  and organisations of other expos, are not theirs to browse.

Display names are stored as JSON (one text per language, non-ASCII letters escaped), so
a search looks for the query both in the legal name and in the JSON text with the query
escaped the same way."""

import json

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from tradefair.common.i18n import localize
from tradefair.common.regions import country_name
from tradefair.expos.permissions import operates_expo
from tradefair.people.models import Organisation, RegistrationStatus
from tradefair.people.permissions import participant_of

MAX_QUERY = 100


def pickable_parties(expo, user):
    """The organisations the user may name as parties (none for others)."""
    if operates_expo(user, expo):
        return Organisation.objects.filter(Q(exhibitions__expo=expo) | Q(participants__expo=expo)).distinct()
    participant = participant_of(user, expo)
    if participant is None or participant.status != RegistrationStatus.APPROVED:
        return Organisation.objects.none()
    allowed = Q(exhibitions__expo=expo) | Q(
        participants__expo=expo, participants__status=RegistrationStatus.APPROVED
    )
    if participant.organisation_id:
        allowed |= Q(pk=participant.organisation_id)
    return Organisation.objects.filter(allowed).distinct()


def search_parties(expo, user, query: str = ""):
    """The user's pickable organisations whose name holds ``query``, by legal name."""
    parties = pickable_parties(expo, user)
    query = (query or "").strip()[:MAX_QUERY]
    if query:
        escaped = json.dumps(query)[1:-1]
        parties = parties.annotate(names=Cast("name", output_field=TextField())).filter(
            Q(legal_name__icontains=query) | Q(names__icontains=escaped)
        )
    return parties.order_by("legal_name", "id")


def describe_party(organisation: Organisation, expo) -> dict:
    """What tells two organisations of one name apart: display and legal name, country."""
    name = localize(organisation.name, expo.languages) or organisation.legal_name
    country = organisation.country.code if organisation.country else ""
    where = country_name(country) or country
    parts = [name]
    if organisation.legal_name and organisation.legal_name != name:
        parts.append(organisation.legal_name)
    parts.append(where)
    return {
        "id": organisation.pk,
        "name": name,
        "legal_name": organisation.legal_name,
        "country": country,
        "country_name": where,
        "label": " · ".join(part for part in parts if part),
    }
