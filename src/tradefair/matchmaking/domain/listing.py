"""What the pages and the API list: a participant's recommendations with filters, the
counterpart behind an exhibitor, a round's meetings."""

from django.db.models import Exists, F, OuterRef, Q
from django.http import Http404
from django.utils.translation import gettext as _

from tradefair.catalog.models import Exhibitor
from tradefair.matchmaking.models import Mark, Recommendation
from tradefair.people.models import Offer, Participant, RegistrationStatus, Role


def recommendations_for(
    participant: Participant, *, country: str = "", pavilion: int | None = None, sector: str = ""
):
    """The participant's recommendations, best first. ``sector`` is an HS chapter (two
    digits) or an ISIC section letter that the counterpart offers."""
    found = (
        Recommendation.objects.filter(participant=participant)
        .select_related("counterpart__organisation")
        .order_by("rank")
    )
    if country:
        found = found.filter(counterpart__country=country.upper())
    if pavilion:
        found = found.filter(
            counterpart__organisation__exhibitions__expo_id=participant.expo_id,
            counterpart__organisation__exhibitions__pavilion_id=pavilion,
        )
    if sector:
        offers = Offer.objects.filter(participant=OuterRef("counterpart_id"))
        if sector.isdigit():
            offers = offers.filter(hs_code__startswith=sector[:2])
        else:
            offers = offers.filter(isic_section=sector.upper()[:1])
        found = found.filter(Exists(offers))
    marks = Mark.objects.filter(participant=participant, target=OuterRef("counterpart_id"), kind="bookmark")
    return found.annotate(bookmarked=Exists(marks))


def participant_for_exhibitor(expo, exhibitor_id: int) -> Participant:
    """The person who takes meetings for an exhibitor: its participant with the exhibitor
    role (the first registered), else any approved participant of the organisation."""
    exhibitor = Exhibitor.objects.filter(expo=expo, pk=exhibitor_id).first()
    if exhibitor is None:
        raise Http404(_("No such exhibitor."))
    people = Participant.objects.filter(
        expo=expo, organisation_id=exhibitor.organisation_id, status=RegistrationStatus.APPROVED
    ).order_by("id")
    found = people.filter(roles__role=Role.EXHIBITOR).first() or people.first()
    if found is None:
        raise Http404(_("This exhibitor has nobody registered for meetings yet."))
    return found


def meetings_of_round(round_, *, query: str = ""):
    meetings = round_.meetings.select_related(
        "slot", "requester__organisation", "counterpart__organisation"
    ).order_by("slot__starts_at", F("table").asc(nulls_last=True), "room")
    if query:
        meetings = meetings.filter(
            Q(requester__name__icontains=query) | Q(counterpart__name__icontains=query)
        )
    return meetings
