"""Visa invitation letters: a PDF in the applicant's language with what embassies
check (passport number, nationality, dates of stay, the inviting organisation) and a
QR code leading to a public page that tells whether the letter is genuine and still
valid, naming the holder and nothing more personal."""

import datetime as dt
import io

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from tradefair.common.audit import log_action
from tradefair.common.errors import DomainError, NotFound
from tradefair.common.pdf_fonts import (
    ARABIC,
    CHINESE,
    JAPANESE,
    KOREAN,
    LATIN,
    draw_text,
    register_fonts,
    visual,
)
from tradefair.common.regions import country_name, is_valid_code
from tradefair.onsite.domain.qr import draw_qr
from tradefair.onsite.domain.text import translated
from tradefair.onsite.models import InvitationLetter
from tradefair.people.domain.mail import send_to_participant
from tradefair.people.models import Participant, RegistrationStatus

LETTER_SALT = "tradefair.onsite.letter"
LETTER_FONTS = {"zh-hans": CHINESE, "ja": JAPANESE, "ko": KOREAN, "ar": ARABIC}
_WRAP_BY_CHARACTER = {"zh-hans", "ja", "ko"}


class LetterError(DomainError):
    pass


def request_letter(
    participant: Participant,
    *,
    passport_number: str,
    nationality: str,
    stay_from: dt.date,
    stay_until: dt.date,
    date_of_birth: dt.date | None = None,
    inviting_organisation: str = "",
    by=None,
) -> InvitationLetter:
    """Issue a letter for an approved participant. A new letter replaces the valid one
    before it, so only one letter per person is genuine at a time."""
    passport_number = passport_number.strip().upper()
    nationality = nationality.strip().upper()
    if not passport_number:
        raise LetterError("passport_required", _("Give the passport number."))
    if not is_valid_code(nationality):
        raise LetterError("unknown_nationality", _("Choose a nationality."))
    if stay_until < stay_from:
        raise LetterError("departure_before_arrival", _("The departure is before the arrival."))
    with transaction.atomic():
        participant = (
            Participant.objects.select_for_update(of=("self",)).select_related("expo").get(pk=participant.pk)
        )
        if participant.status != RegistrationStatus.APPROVED:
            raise LetterError(
                "not_approved", _("Invitation letters are issued to approved participants only.")
            )
        expo = participant.expo
        if not inviting_organisation:
            with translation.override(participant.language):
                inviting_organisation = _("Organising Committee of %(expo)s") % {
                    "expo": translated(expo.name, expo.languages)
                }
        now = timezone.now()
        for previous in InvitationLetter.objects.filter(participant=participant, revoked_at__isnull=True):
            previous.revoked_at, previous.revoked_reason = now, "replaced by a new letter"
            previous.save(update_fields=["revoked_at", "revoked_reason"])
            log_action(previous, "letter.replaced", actor=by)
        letter = InvitationLetter.objects.create(
            participant=participant,
            passport_number=passport_number,
            nationality=nationality,
            date_of_birth=date_of_birth,
            stay_from=stay_from,
            stay_until=stay_until,
            inviting_organisation=inviting_organisation,
            language=participant.language,
        )
        log_action(letter, "letter.issued", actor=by)
    from tradefair.people.domain.registration import registration_url

    send_to_participant(
        participant, template="onsite/email/letter_ready", context={"url": registration_url(participant)}
    )
    return letter


def revoke_letter(letter: InvitationLetter, *, by, reason: str) -> InvitationLetter:
    reason = reason.strip()
    if not reason:
        raise LetterError("reason_required", _("Say why the letter is revoked."))
    with transaction.atomic():
        letter = InvitationLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.revoked_at is not None:
            raise LetterError("already_revoked", _("This letter is already revoked."))
        letter.revoked_at = timezone.now()
        letter.revoked_reason = reason[:200]
        letter.save(update_fields=["revoked_at", "revoked_reason"])
        log_action(letter, "letter.revoked", actor=by, data={"reason": reason})
    return letter


def verification_token(letter: InvitationLetter) -> str:
    return signing.Signer(salt=LETTER_SALT).sign(letter.key)


def letter_from_token(token: str) -> InvitationLetter:
    try:
        key = signing.Signer(salt=LETTER_SALT).unsign(token)
    except signing.BadSignature as error:
        raise NotFound("forged_letter", _("No letter carries this code: it was not issued by us.")) from error
    letter = InvitationLetter.objects.select_related("participant__expo").filter(key=key).first()
    if letter is None:
        raise NotFound("unknown_letter", _("No letter carries this code: it was not issued by us."))
    return letter


def verification_url(letter: InvitationLetter) -> str:
    return settings.SITE_URL.rstrip("/") + reverse("onsite:verify_letter", args=[verification_token(letter)])


def _wrap(text: str, font: str, size: float, width: float, *, by_character: bool) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        units = list(paragraph) if by_character else paragraph.split(" ")
        joiner = "" if by_character else " "
        line = ""
        for unit in units:
            candidate = f"{line}{joiner}{unit}" if line else unit
            if stringWidth(visual(candidate), font, size) <= width or not line:
                line = candidate
            else:
                lines.append(line)
                line = unit
        lines.append(line)
    return lines


def render_letter(letter: InvitationLetter) -> bytes:
    register_fonts()
    participant = letter.participant
    expo = participant.expo
    language = letter.language or "en"
    font = LETTER_FONTS.get(language, LATIN)
    rtl = language in settings.LANGUAGES_BIDI
    width, height = A4
    margin = 22 * mm
    inner = width - 2 * margin
    start = margin if not rtl else width - margin
    align = "right" if rtl else "left"
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4)
    with translation.override(language):
        expo_name = translated(expo.name, expo.languages)
        city = translated(expo.host_city, expo.languages)
        canvas.setTitle(_("Invitation letter"))
        canvas.setFillColorRGB(0.08, 0.13, 0.24)
        draw_text(
            canvas,
            start,
            height - margin,
            letter.inviting_organisation,
            size=13,
            width=inner,
            language=language,
            bold=True,
            align=align,
        )
        canvas.setFillColorRGB(0, 0, 0)
        draw_text(
            canvas,
            width / 2,
            height - margin - 18 * mm,
            _("Invitation letter"),
            size=20,
            width=inner,
            language=language,
            bold=True,
            align="center",
        )
        issued = formats.date_format(letter.issued_at.astimezone(expo.tz).date(), "DATE_FORMAT")
        draw_text(
            canvas,
            width - margin if not rtl else margin,
            height - margin - 28 * mm,
            issued,
            size=10,
            width=inner / 2,
            language=language,
            align="right" if not rtl else "left",
        )
        body = _(
            "To the Embassy or Consulate General of the People's Republic of China:\n"
            "We have the pleasure of inviting the person named below to visit %(city)s from %(start)s to %(end)s "
            "to attend %(expo)s, held from %(expo_start)s to %(expo_end)s. The inviting organisation confirms "
            "the purpose of the visit and asks you to grant the visa."
        ) % {
            "city": city,
            "start": formats.date_format(letter.stay_from, "DATE_FORMAT"),
            "end": formats.date_format(letter.stay_until, "DATE_FORMAT"),
            "expo": expo_name,
            "expo_start": formats.date_format(expo.starts, "DATE_FORMAT"),
            "expo_end": formats.date_format(expo.ends, "DATE_FORMAT"),
        }
        y = height - margin - 42 * mm
        for line in _wrap(body, font, 11, inner, by_character=language in _WRAP_BY_CHARACTER):
            draw_text(canvas, start, y, line, size=11, width=inner, language=language, align=align)
            y -= 6.5 * mm
        y -= 4 * mm
        fields = [
            (_("Name"), participant.name),
            (_("Name in Latin letters"), participant.name_latin),
            (_("Nationality"), country_name(letter.nationality.code)),
            (_("Passport number"), letter.passport_number),
            (
                _("Date of birth"),
                formats.date_format(letter.date_of_birth, "DATE_FORMAT") if letter.date_of_birth else "",
            ),
            (
                _("Dates of stay"),
                f"{formats.date_format(letter.stay_from, 'DATE_FORMAT')} – "
                f"{formats.date_format(letter.stay_until, 'DATE_FORMAT')}",
            ),
            (
                _("Organisation"),
                translated(participant.organisation.name, expo.languages) if participant.organisation else "",
            ),
            (_("Inviting organisation"), letter.inviting_organisation),
        ]
        label_width = 55 * mm
        for label, value in fields:
            if not value:
                continue
            canvas.setFillColorRGB(0.35, 0.38, 0.43)
            draw_text(
                canvas, start, y, label, size=10, width=label_width - 3 * mm, language=language, align=align
            )
            canvas.setFillColorRGB(0, 0, 0)
            value_x = start + label_width if not rtl else start - label_width
            draw_text(
                canvas,
                value_x,
                y,
                value,
                size=11,
                width=inner - label_width,
                language=language,
                bold=True,
                align=align,
            )
            y -= 8 * mm
        qr_size = 32 * mm
        draw_qr(canvas, verification_url(letter), x=margin, y=margin, size=qr_size)
        note = _("Scan the code, or open the address below, to check that this letter is genuine and valid.")
        text_x = margin + qr_size + 5 * mm
        for index, line in enumerate(
            _wrap(note, font, 9, inner - qr_size - 5 * mm, by_character=language in _WRAP_BY_CHARACTER)
        ):
            draw_text(
                canvas,
                text_x,
                margin + qr_size - 8 * mm - index * 5 * mm,
                line,
                size=9,
                width=inner - qr_size - 5 * mm,
                language=language,
            )
        canvas.setFont(LATIN, 7)
        canvas.drawString(text_x, margin + 4 * mm, verification_url(letter))
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
