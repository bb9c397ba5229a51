"""Language choice from ``?lang=``: the API contract lets a client ask for a language
in the URL, and a shared link keeps the language it was sent in."""

from django.conf import settings


class LanguageFromQueryMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.codes = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        lang = request.GET.get("lang", "").lower()
        if lang in self.codes:
            # LocaleMiddleware reads the cookie-less Accept-Language header; overriding it
            # here keeps one place (LocaleMiddleware) deciding the active language.
            request.META["HTTP_ACCEPT_LANGUAGE"] = lang
            request.COOKIES.pop(settings.LANGUAGE_COOKIE_NAME, None)
        return self.get_response(request)
