"""Badges: issuing, revoking, and rendering them as PDF in A6 or on labels.

A batch renders page after page into one canvas with no query per badge, so an
organiser can print the whole expo at once; the web page streams batches as a ZIP of
PDFs while later ones are still being drawn."""

import io
import zipfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.colors import HexColor
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError
from tradefair.common.pdf_fonts import LATIN, draw_text, register_fonts
from tradefair.common.regions import country_name
from tradefair.expos.permissions import operates_expo
from tradefair.onsite.domain.colours import main_role, role_colour
from tradefair.onsite.domain.qr import draw_token_qr
from tradefair.onsite.domain.text import translated
from tradefair.onsite.domain.tokens import badge_token
from tradefair.onsite.models import Badge, BadgeFormat
from tradefair.people.domain.mail import send_to_participant
from tradefair.people.models import Participant, RegistrationStatus, Role

PAGE_SIZES = {BadgeFormat.A6: (105 * mm, 148 * mm), BadgeFormat.LABEL: (90 * mm, 54 * mm)}


class BadgeError(DomainError):
    pass


def issue_badge(participant: Participant, *, by=None, notify: bool = True) -> Badge:
    """The participant's valid badge, issuing one if there is none. Only an approved
    registration gets a badge."""
    with transaction.atomic():
        participant = Participant.objects.select_for_update().get(pk=participant.pk)
        if participant.status != RegistrationStatus.APPROVED:
            raise BadgeError("not_approved", _("Only an approved participant gets a badge."))
        badge = Badge.objects.filter(participant=participant, revoked_at__isnull=True).first()
        if badge is not None:
            return badge
        badge = Badge.objects.create(participant=participant)
        log_action(badge, "badge.issued", actor=by)
        if notify:
            from tradefair.people.domain.registration import registration_url

            send_to_participant(
                participant,
                template="onsite/email/badge_ready",
                context={"url": registration_url(participant)},
                kind="badge_issued",
                notice=True,
            )
    return badge


def revoke_badge(badge: Badge, *, by, reason: str = "") -> Badge:
    with transaction.atomic():
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        if badge.revoked_at is not None:
            raise BadgeError("already_revoked", _("This badge is already revoked."))
        badge.revoked_at = timezone.now()
        badge.revoked_reason = reason[:200]
        badge.save(update_fields=["revoked_at", "revoked_reason"])
        log_action(badge, "badge.revoked", actor=by, data={"reason": reason})
    return badge


def reissue_badge(participant: Participant, *, by, reason: str = "") -> Badge:
    """A lost or misprinted badge: the old one stops opening the gates."""
    with transaction.atomic():
        current = (
            Badge.objects.select_for_update().filter(participant=participant, revoked_at__isnull=True).first()
        )
        if current is not None:
            revoke_badge(current, by=by, reason=reason or "reissued")
        return issue_badge(participant, by=by, notify=False)


def ensure_badges(participants: Iterable[Participant]) -> dict[int, Badge]:
    """Valid badges for many approved participants at once, creating the missing ones
    in bulk (for batch printing: no query per badge)."""
    ids = [participant.pk for participant in participants]
    badges: dict[int, Badge] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        badges.update(
            (badge.participant_id, badge)
            for badge in Badge.objects.filter(participant_id__in=chunk, revoked_at__isnull=True)
        )
    missing = [Badge(participant_id=pk) for pk in ids if pk not in badges]
    for start in range(0, len(missing), 1000):
        created = Badge.objects.bulk_create(missing[start : start + 1000])
        badges.update((badge.participant_id, badge) for badge in created)
    return badges


# A name is set in the glyph shapes of the writing it belongs to: 山田太郎 from Japan in a
# Japanese font, even on the badge of a holder who reads English; names with kana are
# Japanese wherever they come from (common.pdf_fonts).
NAME_LANGUAGE_OF_COUNTRY = {"JP": "ja", "KR": "ko", "KP": "ko"}


def name_language(participant: Participant) -> str:
    code = participant.country.code if participant.country else ""
    return NAME_LANGUAGE_OF_COUNTRY.get(code, participant.language or "en")


@dataclass(frozen=True)
class BadgeContent:
    name: str
    name_latin: str
    organisation: str
    country: str
    role: str
    role_label: str
    colour: str
    expo_name: str
    token: str
    language: str
    name_language: str = ""


def badge_contents(
    expo, participants: Iterable[Participant], badges: dict[int, Badge]
) -> Iterator[BadgeContent]:
    """What each badge says, in its holder's language. Participants must come with
    ``organisation`` selected and ``roles`` prefetched."""
    labels: dict[tuple[str, str], str] = {}
    countries: dict[tuple[str, str], str] = {}
    expo_names: dict[str, str] = {}
    for participant in participants:
        language = participant.language or "en"
        roles = [item.role for item in participant.roles.all()]
        role = main_role(roles)
        if (language, role) not in labels:
            with translation.override(language):
                labels[language, role] = str(Role(role).label)
                expo_names.setdefault(language, translated(expo.name, expo.languages))
        code = participant.country.code if participant.country else ""
        if (language, code) not in countries:
            with translation.override(language):
                countries[language, code] = country_name(code)
        organisation = ""
        if participant.organisation is not None:
            with translation.override(language):
                organisation = translated(participant.organisation.name, expo.languages)
        yield BadgeContent(
            name=participant.name,
            name_latin=participant.name_latin if participant.name_latin != participant.name else "",
            organisation=organisation,
            country=countries[language, code],
            role=role,
            role_label=labels[language, role],
            colour=role_colour(role),
            expo_name=expo_names[language],
            token=badge_token(badges[participant.pk].pk),
            language=language,
            name_language=name_language(participant),
        )


def draw_a6(canvas: Canvas, badge: BadgeContent) -> None:
    width, height = PAGE_SIZES[BadgeFormat.A6]
    margin = 8 * mm
    inner = width - 2 * margin
    colour = HexColor(badge.colour)
    canvas.setFillColor(colour)
    canvas.rect(0, height - 22 * mm, width, 22 * mm, stroke=0, fill=1)
    canvas.rect(0, 0, width, 12 * mm, stroke=0, fill=1)
    canvas.setFillColorRGB(1, 1, 1)
    draw_text(
        canvas,
        width / 2,
        height - 13 * mm,
        badge.expo_name,
        size=12,
        width=inner,
        language=badge.language,
        bold=True,
        align="center",
    )
    draw_text(
        canvas,
        width / 2,
        4.2 * mm,
        badge.role_label,
        size=14,
        width=inner,
        language=badge.language,
        bold=True,
        align="center",
    )
    canvas.setFillColorRGB(0.08, 0.1, 0.15)
    y = height - 40 * mm
    draw_text(
        canvas,
        width / 2,
        y,
        badge.name,
        size=26,
        width=inner,
        language=badge.name_language or badge.language,
        bold=True,
        align="center",
        smallest=9,
    )
    if badge.name_latin:
        y -= 9 * mm
        draw_text(canvas, width / 2, y, badge.name_latin, size=15, width=inner, bold=True, align="center")
    canvas.setFillColorRGB(0.3, 0.33, 0.38)
    y -= 10 * mm
    draw_text(
        canvas,
        width / 2,
        y,
        badge.organisation,
        size=12,
        width=inner,
        language=badge.language,
        align="center",
    )
    y -= 7 * mm
    draw_text(
        canvas, width / 2, y, badge.country, size=12, width=inner, language=badge.language, align="center"
    )
    qr_size = 48 * mm
    draw_token_qr(canvas, badge.token, x=(width - qr_size) / 2, y=15 * mm, size=qr_size)


def draw_label(canvas: Canvas, badge: BadgeContent) -> None:
    width, height = PAGE_SIZES[BadgeFormat.LABEL]
    stripe = 6 * mm
    qr_size = 30 * mm
    canvas.setFillColor(HexColor(badge.colour))
    canvas.rect(0, 0, stripe, height, stroke=0, fill=1)
    left = stripe + 4 * mm
    text_width = width - left - qr_size - 3 * mm
    canvas.setFillColorRGB(0.08, 0.1, 0.15)
    draw_text(
        canvas,
        left,
        height - 14 * mm,
        badge.name,
        size=18,
        width=text_width,
        language=badge.name_language or badge.language,
        bold=True,
        smallest=7,
    )
    if badge.name_latin:
        draw_text(canvas, left, height - 21 * mm, badge.name_latin, size=11, width=text_width, bold=True)
    canvas.setFillColorRGB(0.3, 0.33, 0.38)
    draw_text(
        canvas, left, height - 29 * mm, badge.organisation, size=9, width=text_width, language=badge.language
    )
    draw_text(
        canvas, left, height - 35 * mm, badge.country, size=9, width=text_width, language=badge.language
    )
    canvas.setFillColor(HexColor(badge.colour))
    draw_text(
        canvas, left, 5 * mm, badge.role_label, size=10, width=text_width, language=badge.language, bold=True
    )
    draw_token_qr(canvas, badge.token, x=width - qr_size - 1.5 * mm, y=(height - qr_size) / 2, size=qr_size)


DRAWERS: dict[str, Callable[[Canvas, BadgeContent], None]] = {
    BadgeFormat.A6: draw_a6,
    BadgeFormat.LABEL: draw_label,
}


def render_badges(
    contents: Iterable[BadgeContent],
    *,
    fmt: str = BadgeFormat.A6,
    output=None,
    progress: Callable[[int], None] | None = None,
) -> bytes | None:
    """One PDF page per badge. Writes to ``output`` when given, else returns the bytes."""
    if fmt not in DRAWERS:
        raise BadgeError("unknown_format", _("Unknown badge format."))
    register_fonts()
    target = output or io.BytesIO()
    canvas = Canvas(target, pagesize=PAGE_SIZES[fmt], pageCompression=1)
    canvas.setTitle("Badges")
    canvas.setFont(LATIN, 10)
    draw = DRAWERS[fmt]
    for badge in contents:
        draw(canvas, badge)
        canvas.showPage()
        if progress:
            progress(1)
    canvas.save()
    return None if output else target.getvalue()


def printable_participants(expo, *, role: str = "", country: str = "", name: str = ""):
    """Approved participants in print order, with what their badges need."""
    participants = (
        Participant.objects.filter(expo=expo, status=RegistrationStatus.APPROVED)
        .select_related("organisation")
        .prefetch_related("roles")
        .order_by("name", "id")
    )
    if role:
        participants = participants.filter(roles__role=role)
    if country:
        participants = participants.filter(country=country.upper())
    if name.strip():
        participants = participants.filter(
            Q(name__icontains=name.strip()) | Q(name_latin__icontains=name.strip())
        )
    return participants


def _chunks(expo, participants, batch: int) -> Iterator[tuple[list[Participant], dict[int, Badge]]]:
    """Participants in batches with their badges. Ids are read once, then each batch
    loads its rows in a handful of queries whatever its size."""
    ids = list(participants.values_list("pk", flat=True))
    for start in range(0, len(ids), batch):
        chunk = list(
            Participant.objects.filter(pk__in=ids[start : start + batch])
            .select_related("organisation")
            .prefetch_related("roles")
            .order_by("name", "id")
        )
        yield chunk, ensure_badges(chunk)


def all_badge_contents(expo, participants, *, batch: int = 1000) -> Iterator[BadgeContent]:
    for chunk, badges in _chunks(expo, participants, batch):
        yield from badge_contents(expo, chunk, badges)


def badge_batches(
    expo, participants, *, fmt: str, batch: int = 1000, progress: Callable[[int], None] | None = None
) -> Iterator[tuple[int, bytes]]:
    """PDFs of ``batch`` badges each, rendered lazily: the first is ready while the
    rest are still being drawn."""
    for number, (chunk, badges) in enumerate(_chunks(expo, participants, batch), start=1):
        yield number, render_badges(badge_contents(expo, chunk, badges), fmt=fmt, progress=progress)


class _Pipe(io.RawIOBase):
    """A write-only stream whose written bytes are collected and handed out in order."""

    def __init__(self):
        self.parts: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        return len(data)

    def drain(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def stream_zip(files: Iterable[tuple[str, bytes]]) -> Iterator[bytes]:
    """A ZIP archive produced file by file, for a streaming HTTP response."""
    pipe = _Pipe()
    with zipfile.ZipFile(pipe, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for name, data in files:
            archive.writestr(name, data)
            yield pipe.drain()
    yield pipe.drain()


@dataclass(frozen=True)
class PrintedBadges:
    """A printed set: one PDF (``pdf``) when it fits in one batch, else the ZIP of PDFs
    (``zip_parts``) produced batch by batch while later ones are still being drawn."""

    count: int
    filename: str
    pdf: bytes | None = None
    zip_parts: Iterator[bytes] | None = None


def print_badges(
    expo,
    *,
    by,
    fmt: str = BadgeFormat.A6,
    role: str = "",
    country: str = "",
    name: str = "",
    batch: int = 1000,
) -> PrintedBadges:
    """The badges of the approved participants matching the filters, for an organiser of
    staff or admin level (the badges page and the API);
    audited with the filters and the count."""
    if not operates_expo(by, expo):
        raise BadgeError("badges_forbidden", _("Only the expo's staff and administrators print badges."))
    if fmt not in DRAWERS:
        raise BadgeError("unknown_format", _("Unknown badge format."))
    participants = printable_participants(expo, role=role, country=country, name=name)
    count = participants.count()
    if count == 0:
        raise BadgeError("no_badges_match", _("No approved participant matches these filters."))
    filters = {key: value for key, value in (("role", role), ("country", country), ("name", name)) if value}
    log_action(expo, "badges.printed", actor=by, data={**filters, "count": count, "format": fmt})
    name_stem = f"badges-{expo.slug}-{fmt}"
    if count <= batch:
        pdf = render_badges(all_badge_contents(expo, participants), fmt=fmt)
        return PrintedBadges(count=count, filename=f"{name_stem}.pdf", pdf=pdf)
    files = (
        (f"{name_stem}-{number:03d}.pdf", pdf)
        for number, pdf in badge_batches(expo, participants, fmt=fmt, batch=batch)
    )
    return PrintedBadges(count=count, filename=f"{name_stem}.zip", zip_parts=stream_zip(files))
