"""The shapes of the objects that domain events carry (docs/webhooks.md).

Each function turns one kind of object into the JSON-ready dict an event's ``data``
holds. They live here, beside ``common.events``, so that every app describes a
participant or a meeting the same way without importing another app: they read
attributes only (no model import), and the senders pass their own objects. These shapes
are part of the ``tradefair-webhook/1`` format: a field is never renamed nor removed
within a version; new fields may be added."""

from decimal import Decimal


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _country(value) -> str:
    return getattr(value, "code", value) or ""


def organisation(org) -> dict | None:
    if org is None:
        return None
    return {
        "id": org.pk,
        "name": org.legal_name,
        "country": _country(org.country),
        "external_id": org.external_id,
    }


def participant(person) -> dict:
    """A participant as organisers see them; an erased one keeps only its id and the
    anonymised name."""
    return {
        "id": person.pk,
        "name": person.name,
        "email": person.email,
        "country": _country(getattr(person, "country", "")),
        "language": person.language,
        "external_id": person.external_id,
        "roles": sorted(person.roles.values_list("role", flat=True)),
        "organisation": organisation(person.organisation),
    }


def meeting(item) -> dict:
    slot = item.slot
    return {
        "id": item.pk,
        "round_id": item.round_id,
        "status": item.status,
        "starts_at": _iso(slot.starts_at),
        "ends_at": _iso(slot.ends_at),
        "table": item.table,
        "online_room": item.room,
        "request_id": item.request_id,
        "requester": participant(item.requester),
        "counterpart": participant(item.counterpart),
    }


def meeting_brief(item) -> dict:
    """A meeting within a round's list: the people by id only (the list may be long)."""
    slot = item.slot
    return {
        "id": item.pk,
        "starts_at": _iso(slot.starts_at),
        "ends_at": _iso(slot.ends_at),
        "table": item.table,
        "online_room": item.room,
        "request_id": item.request_id,
        "requester_id": item.requester_id,
        "counterpart_id": item.counterpart_id,
    }


def meeting_request(request) -> dict:
    return {
        "id": request.pk,
        "status": request.status,
        "sender": participant(request.sender),
        "recipient": participant(request.recipient),
        "answered_at": _iso(request.answered_at),
    }


def deal(item) -> dict:
    """The deal as ``GET /api/v1/expos/{slug}/deals`` lists it (spec/interfaces.md)."""
    return {
        "id": item.pk,
        "kind": item.kind,
        "status": item.status,
        "title": item.title,
        "signed_on": item.signed_on.isoformat(),
        "amount": _money(item.amount),
        "currency": item.currency,
        "amount_cny": _money(item.amount_base),
        "hs_code": item.hs_code,
        "isic_section": item.isic_section,
        "parties": [
            organisation(link.organisation)
            for link in item.party_links.select_related("organisation").order_by("position")
        ],
        "meeting_id": item.meeting_id,
        "project_id": item.project_id,
        "confirmed": item.confirmed_at is not None,
    }


def check_in(entry) -> dict:
    return {
        "id": entry.pk,
        "gate": entry.gate,
        "scanned_at": _iso(entry.scanned_at),
        "participant": participant(entry.participant),
    }
