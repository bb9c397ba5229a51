from django import template

from tradefair.onsite.models import InvitationLetter, LetterStatus

register = template.Library()


@register.simple_tag
def letter_state(participant) -> dict:
    """The holder's valid letter (to download) and their latest request, which may still
    wait for the organisers or have been turned down while an older letter stays valid."""
    letters = InvitationLetter.objects.filter(participant=participant)
    return {
        "valid": letters.filter(status=LetterStatus.ISSUED, revoked_at__isnull=True).first(),
        "latest": letters.order_by("-requested_at", "-id").first(),
    }
