"""On-site's part of a person's data: its copy in the export, and its erasure
(people.signals): badges and letters are revoked, so a printed pass or a visa letter no
longer verifies, and the letters' passport numbers and dates of birth go."""

from django.dispatch import receiver
from django.utils import timezone

from tradefair.onsite.models import Badge, CheckIn, InvitationLetter
from tradefair.people.signals import collect_personal_data, participant_erased, when

ERASED_REASON = "personal data erased"


@receiver(collect_personal_data, dispatch_uid="tradefair.onsite.personal_data")
def onsite_data(sender, *, participant, **kwargs) -> dict:
    return {
        "badges": [
            {"issued_at": when(badge.issued_at), "revoked_at": when(badge.revoked_at)}
            for badge in Badge.objects.filter(participant=participant).order_by("id")
        ],
        "invitation_letters": [
            {
                "passport_number": letter.passport_number,
                "nationality": letter.nationality.code,
                "date_of_birth": when(letter.date_of_birth),
                "stay_from": when(letter.stay_from),
                "stay_until": when(letter.stay_until),
                "inviting_organisation": letter.inviting_organisation,
                "issued_at": when(letter.issued_at),
                "revoked_at": when(letter.revoked_at),
            }
            for letter in InvitationLetter.objects.filter(participant=participant).order_by("id")
        ],
        "check_ins": [
            {"scanned_at": when(check_in.scanned_at), "gate": check_in.gate}
            for check_in in CheckIn.objects.filter(participant=participant).order_by("scanned_at", "id")
        ],
    }


@receiver(participant_erased, dispatch_uid="tradefair.onsite.erase")
def erase_onsite(sender, *, participant, **kwargs) -> list[str]:
    """Returns the passport numbers erased: the admin log may quote them."""
    now = timezone.now()
    Badge.objects.filter(participant=participant, revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=ERASED_REASON
    )
    letters = InvitationLetter.objects.filter(participant=participant)
    passports = list(letters.exclude(passport_number="").values_list("passport_number", flat=True))
    letters.filter(revoked_at__isnull=True).update(revoked_at=now, revoked_reason=ERASED_REASON)
    letters.update(passport_number="", date_of_birth=None)
    return passports
