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
from tradefair.expos.permissions import administers_expo, operates_expo
from tradefair.onsite.domain.qr import draw_qr
from tradefair.onsite.domain.text import translated
from tradefair.onsite.models import InvitationLetter, LetterSettings, LetterStatus
from tradefair.people.domain.mail import send_to_participant
from tradefair.people.models import Participant, RegistrationStatus

LETTER_SALT = "tradefair.onsite.letter"
LETTER_FONTS = {"zh-hans": CHINESE, "ja": JAPANESE, "ko": KOREAN, "ar": ARABIC}
_WRAP_BY_CHARACTER = {"zh-hans", "ja", "ko"}


class LetterError(DomainError):
    pass


def issues_automatically(expo) -> bool:
    """Whether the expo's organisers chose to issue letters without looking at each request."""
    return LetterSettings.objects.filter(expo=expo, issue_automatically=True).exists()


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
    """Ask for a letter for an approved participant. The request waits for an organiser
    (approve_letter) unless the expo issues letters automatically. A new request replaces
    a request still waiting; the letter already issued stays valid until the new one is."""
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
        for waiting in InvitationLetter.objects.filter(participant=participant, status=LetterStatus.PENDING):
            waiting.status, waiting.rejected_reason = LetterStatus.REJECTED, "replaced by a new request"
            waiting.save(update_fields=["status", "rejected_reason"])
            log_action(waiting, "letter.request_replaced", actor=by)
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
        log_action(letter, "letter.requested", actor=by)
        automatic = issues_automatically(expo)
        if automatic:
            _issue(letter, by=None)
            _tell_issued(participant)
    return letter


def _issue(letter: InvitationLetter, *, by) -> None:
    """Make a waiting letter the participant's one genuine letter; inside a transaction."""
    now = timezone.now()
    for previous in InvitationLetter.objects.filter(
        participant_id=letter.participant_id, status=LetterStatus.ISSUED, revoked_at__isnull=True
    ).exclude(pk=letter.pk):
        previous.revoked_at, previous.revoked_reason = now, "replaced by a new letter"
        previous.save(update_fields=["revoked_at", "revoked_reason"])
        log_action(previous, "letter.replaced", actor=by)
    letter.status, letter.issued_at, letter.decided_by = LetterStatus.ISSUED, now, by
    letter.save(update_fields=["status", "issued_at", "decided_by"])
    log_action(letter, "letter.issued", actor=by, data={"automatic": by is None})


def _tell_issued(participant: Participant) -> None:
    from tradefair.people.domain.registration import registration_url

    send_to_participant(
        participant,
        template="onsite/email/letter_ready",
        context={"url": registration_url(participant)},
        kind="letter_issued",
        notice=True,
    )


def _waiting_letter(letter: InvitationLetter, *, by) -> InvitationLetter:
    if not operates_expo(by, letter.participant.expo):
        raise LetterError(
            "letters_forbidden", _("Only the expo's staff and administrators decide on letters.")
        )
    letter = (
        InvitationLetter.objects.select_for_update(of=("self",))
        .select_related("participant")
        .get(pk=letter.pk)
    )
    if letter.status != LetterStatus.PENDING:
        raise LetterError("letter_decided", _("This request has already been decided."))
    return letter


def approve_letter(letter: InvitationLetter, *, by) -> InvitationLetter:
    """An organiser issues the letter asked for; the applicant is told by e-mail."""
    with transaction.atomic():
        letter = _waiting_letter(letter, by=by)
        if letter.participant.status != RegistrationStatus.APPROVED:
            raise LetterError(
                "not_approved", _("Invitation letters are issued to approved participants only.")
            )
        _issue(letter, by=by)
        _tell_issued(letter.participant)
    return letter


def reject_letter(letter: InvitationLetter, *, by, reason: str) -> InvitationLetter:
    """An organiser turns the request down, saying why; the applicant is told by e-mail."""
    reason = reason.strip()
    if not reason:
        raise LetterError("reason_required", _("Say why the request is turned down."))
    with transaction.atomic():
        letter = _waiting_letter(letter, by=by)
        letter.status, letter.rejected_reason, letter.decided_by = LetterStatus.REJECTED, reason[:200], by
        letter.save(update_fields=["status", "rejected_reason", "decided_by"])
        log_action(letter, "letter.rejected", actor=by, data={"reason": reason})
        from tradefair.people.domain.registration import registration_url

        send_to_participant(
            letter.participant,
            template="onsite/email/letter_rejected",
            context={"url": registration_url(letter.participant), "reason": letter.rejected_reason},
            kind="letter_rejected",
            notice=True,
        )
    return letter


def set_automatic_letters(expo, *, automatic: bool, by) -> bool:
    """An expo's administrators choose whether requests become letters without approval.
    Returns whether the setting changed."""
    if not administers_expo(by, expo):
        raise LetterError(
            "letter_settings_forbidden", _("Only the expo's administrators change how letters are issued.")
        )
    with transaction.atomic():
        current, _created = LetterSettings.objects.select_for_update().get_or_create(expo=expo)
        if current.issue_automatically == automatic:
            return False
        current.issue_automatically = automatic
        current.save(update_fields=["issue_automatically"])
        log_action(expo, "letter.settings_changed", actor=by, data={"issue_automatically": automatic})
    return True


def revoke_letter(letter: InvitationLetter, *, by, reason: str) -> InvitationLetter:
    reason = reason.strip()
    if not reason:
        raise LetterError("reason_required", _("Say why the letter is revoked."))
    with transaction.atomic():
        letter = InvitationLetter.objects.select_for_update().get(pk=letter.pk)
        if letter.revoked_at is not None:
            raise LetterError("already_revoked", _("This letter is already revoked."))
        if letter.status != LetterStatus.ISSUED:
            raise LetterError("letter_not_issued", _("This letter has not been issued."))
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
