"""The account a person signs in with. A registration makes one (or links the one the
address already has); the person chooses the password through a link sent to that
address, the same set-password link Django's "forgot password" sends, so an account
never gets a password anybody else chose or saw."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tradefair.common.audit import log_action
from tradefair.common.languages import LANGUAGE_CODES, remember_language
from tradefair.common.outbox import queue_mail

USERNAME_MAX = 150


def user_with_email(email: str):
    """The one active account with this address, or None (none, or several: then the
    person is asked to sign in first rather than be given someone else's account)."""
    if not email:
        return None
    matches = list(get_user_model().objects.filter(email__iexact=email, is_active=True)[:2])
    return matches[0] if len(matches) == 1 else None


def _free_username(email: str) -> str:
    """The address itself is the user name people remember; a long or taken one gets a
    number."""
    User = get_user_model()
    base = email.strip().lower()[:USERNAME_MAX]
    candidate, number = base, 1
    while User.objects.filter(username__iexact=candidate).exists():
        number += 1
        suffix = f"-{number}"
        candidate = base[: USERNAME_MAX - len(suffix)] + suffix
    return candidate


def account_for(*, email: str, name: str = "", language: str = ""):
    """The account of the person with this address: the existing one, or a new one
    without a usable password (the person sets it from the e-mail), which speaks the
    language the person registered in once they sign in."""
    user = user_with_email(email)
    if user is not None:
        return user
    User = get_user_model()
    user = User(username=_free_username(email), email=email.strip(), first_name=name[:150])
    user.set_unusable_password()
    user.save()
    remember_language(user, language)
    log_action(user, "account.created", data={"username": user.username})
    return user


def set_password_path(user, *, language: str = "") -> str:
    """The path of the page where this account chooses a new password, in ``language``.
    The token is Django's password-reset token: it stops working once the password
    changes."""
    path = reverse(
        "people:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return path + (f"?lang={language}" if language in LANGUAGE_CODES else "")


def site_address(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def invite_to_set_password(user, *, by=None, expo=None, language: str = "") -> None:
    """Send an account (gate staff an organiser created, for example) the link to choose
    its password, in ``language`` (by default the site's)."""
    language = language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE
    if not user.email or not user.is_active:
        return
    context = {
        "user": user,
        "expo": expo,
        "url": site_address(set_password_path(user, language=language)),
        "login_url": site_address(reverse("common:login") + (f"?lang={language}" if language else "")),
    }
    with translation.override(language):
        subject = " ".join(render_to_string("people/email/invitation_subject.txt", context).split())
        body = render_to_string("people/email/invitation.txt", context)
    with transaction.atomic():
        log_action(user, "account.invited", actor=by, data={"username": user.username}, expo=expo)
        queue_mail(
            to=user.email,
            to_name=user.get_full_name(),
            subject=subject,
            body=body,
            language=language,
            kind="account_invitation",
        )
