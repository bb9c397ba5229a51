"""Request middleware of the platform: the language chosen with ``?lang=`` (the API
contract lets a client ask for a language in the URL, and a shared link keeps the
language it was sent in), and text no database keeps, refused at the edge."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.translation import gettext as _

from tradefair.common.text import problems_in_json_body, problems_in_pairs


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


class UnstorableTextMiddleware:
    """Refuse, with a 400 that says where, a request whose query string, form body or
    JSON body holds text no database keeps (a NUL character, a lone surrogate): checked
    once here rather than in every view, since such text answered 500 wherever it met a
    query or a column (issue #19). Uploaded files are left to their readers (the importer
    checks each cell). It sits after the language and the user are known, so the answer
    is in the reader's language and the page has its usual frame."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = next(self._problems(request), None)
        if found is not None:
            return self._refuse(request, *found)
        return self.get_response(request)

    def _problems(self, request):
        yield from problems_in_pairs(request.GET.lists())
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        content_type = request.content_type or ""
        if content_type == "multipart/form-data" and request.path.startswith("/api/"):
            return  # the API takes JSON only and answers a multipart body 415 unread
        if content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            try:
                pairs = list(request.POST.lists())
            except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
                return  # the view's own reading answers these as Django does (400)
            yield from problems_in_pairs(pairs)
        elif content_type in ("application/json", "text/plain") or content_type.endswith("+json"):
            # text/plain too: a cross-site form can send JSON only under that type.
            try:
                body = request.body
            except RequestDataTooBig:
                return
            yield from problems_in_json_body(body)

    def _refuse(self, request, place: str, problem: str):
        message = _("“%(field)s” %(problem)s: remove it and send again.") % {
            "field": place,
            "problem": problem,
        }
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": "unstorable_text"}, status=400)
        return render(request, "common/refused_text.html", {"message": message}, status=400)
