"""The interface language: chosen with the switcher, remembered per user, otherwise
guessed from the browser (Django's LocaleMiddleware reads cookie and Accept-Language)."""

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation
from django.views.i18n import set_language

from tradefair.common.models import LanguagePreference

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)


def remember_language(user, language: str) -> None:
    if user.is_authenticated and language in LANGUAGE_CODES:
        LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})


def remembered_language(user) -> str | None:
    if not user.is_authenticated:
        return None
    return LanguagePreference.objects.filter(user=user).values_list("language", flat=True).first()


def switch_language(request):
    """Django's set_language, which also keeps the choice with the signed-in account."""
    response = set_language(request)
    if request.method == "POST":
        remember_language(request.user, request.POST.get("language", ""))
    return response


class RememberedLanguageMiddleware:
    """A signed-in user's remembered language wins over the browser's cookie and guess,
    so a switch made on one device follows the user to the others; only a language asked
    for in the URL (``?lang=``, a shared link) wins over it. Runs after
    AuthenticationMiddleware and LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = None if "lang" in request.GET else remembered_language(request.user)
        if language and language != request.LANGUAGE_CODE:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)


@receiver(user_logged_in)
def adopt_language_on_login(sender, request, user, **kwargs):
    """A visitor who chose a language before signing in keeps it, if the account has
    none remembered yet."""
    if request is None or remembered_language(user):
        return
    remember_language(user, request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, ""))


def subscriber_language(participant) -> str:
    """The language of documents a participant's programs fetch without a browser
    (calendar feeds): their language for correspondence, else the one remembered with
    their account, else the expo's first language. A calendar program sends no
    Accept-Language, so the site's default would otherwise speak to everyone."""
    for language in (
        getattr(participant, "language", ""),
        remembered_language(participant.user) if getattr(participant, "user", None) else None,
        *(getattr(participant.expo, "languages", None) or ()),
    ):
        if language in LANGUAGE_CODES:
            return language
    return settings.LANGUAGE_CODE
