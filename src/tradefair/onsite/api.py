"""Check-in for scanners: one scan at a time, or a batch uploaded by a scanner that was
offline. Both are idempotent through the scanner's nonce."""

import datetime as dt

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from tradefair.common.api_support import TokenAuth
from tradefair.common.errors import NotFound
from tradefair.common.i18n import expo_languages, localize
from tradefair.common.regions import country_name
from tradefair.expos.domain.visibility import get_visible_expo
from tradefair.onsite.badges_api import router as badges_router
from tradefair.onsite.domain.checkin import (
    CheckInError,
    Scan,
    check_in,
    check_in_batch,
    may_check_in,
    sees_entrance,
)
from tradefair.onsite.domain.colours import main_role
from tradefair.onsite.domain.figures import entrance_figures
from tradefair.onsite.letters_api import router as letters_router

router = Router(tags=["onsite"], auth=TokenAuth())


class ScanIn(Schema):
    token: str = Field(..., max_length=200, description="the text of the badge's QR code")
    nonce: str = Field(..., min_length=1, max_length=64, description="made by the scanner, unique per scan")
    gate: str = Field("", max_length=40)
    scanned_at: dt.datetime | None = Field(None, description="when scanned, for uploads after being offline")
    override: bool = Field(
        False, description="let the holder in although anti-passback refused the badge (logged)"
    )


class BatchIn(Schema):
    scans: list[ScanIn] = Field(..., max_length=5000)


class HolderOut(Schema):
    id: int
    name: str
    name_latin: str
    country: str
    country_name: str
    organisation: str
    role: str


class CheckInOut(Schema):
    nonce: str
    accepted: bool
    duplicate: bool = False
    code: str = ""
    detail: str = ""
    scanned_at: dt.datetime | None = None
    gate: str = ""
    participant: HolderOut | None = None


class BatchOut(Schema):
    results: list[CheckInOut]
    accepted: int
    refused: int


class EntranceFiguresOut(Schema):
    entries: int
    visitors: int
    by_day: list[dict]
    by_gate: list[dict]
    by_country: list[dict]


def _gate_expo(request: HttpRequest, slug: str, *, may=may_check_in):
    expo = get_visible_expo(slug, request.user)
    if not may(request.user, expo):
        raise NotFound("not_found", _("No such expo, or you do not run its gates."))
    return expo


def _out(scan: ScanIn, result) -> CheckInOut:
    entry = result.check_in
    participant = entry.participant
    organisation = participant.organisation
    return CheckInOut(
        nonce=scan.nonce,
        accepted=True,
        duplicate=result.duplicate,
        scanned_at=entry.scanned_at,
        gate=entry.gate,
        participant=HolderOut(
            id=participant.pk,
            name=participant.name,
            name_latin=participant.name_latin,
            country=participant.country.code,
            country_name=country_name(participant.country.code),
            organisation=localize(organisation.name, expo_languages(participant.expo))
            if organisation
            else "",
            role=main_role([item.role for item in participant.roles.all()]),
        ),
    )


def _scan(scan: ScanIn) -> Scan:
    return Scan(
        token=scan.token, nonce=scan.nonce, gate=scan.gate, scanned_at=scan.scanned_at, override=scan.override
    )


@router.post(
    "expos/{slug}/check-ins",
    response={200: CheckInOut, 201: CheckInOut},
    summary="Check a badge in (idempotent by nonce)",
)
def post_check_in(request: HttpRequest, slug: str, payload: ScanIn):
    """201 for a new entry, 200 when the nonce (or the same badge at the same gate a
    moment ago) was already counted; 400 with the reason for a refused badge."""
    expo = _gate_expo(request, slug)
    result = check_in(expo=expo, scan=_scan(payload), by=request.user)
    return Status(200 if result.duplicate else 201, _out(payload, result))


@router.post("expos/{slug}/check-ins/batch", response=BatchOut, summary="Upload scans made offline")
def post_check_in_batch(request: HttpRequest, slug: str, payload: BatchIn):
    expo = _gate_expo(request, slug)
    decided = check_in_batch(expo=expo, scans=[_scan(scan) for scan in payload.scans], by=request.user)
    results = [
        CheckInOut(nonce=scan.nonce, accepted=False, code=outcome.code, detail=outcome.message)
        if isinstance(outcome, CheckInError)
        else _out(scan, outcome)
        for scan, outcome in zip(payload.scans, decided, strict=True)
    ]
    accepted = sum(1 for result in results if result.accepted)
    return BatchOut(results=results, accepted=accepted, refused=len(results) - accepted)


@router.get(
    "expos/{slug}/entrance",
    response=EntranceFiguresOut,
    summary="Entries and visitors by day, gate and country",
)
def get_entrance(request: HttpRequest, slug: str):
    expo = _gate_expo(request, slug, may=sees_entrance)
    return entrance_figures(expo)


# Badges and invitation letters (onsite.badges_api, onsite.letters_api).
router.add_router("", badges_router)
router.add_router("", letters_router)
