"""What every API router shares: token authentication, the paginated list shape of
spec/interfaces.md, errors as ``{"detail": "message"}`` and translated texts."""

import json
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from ninja.parser import Parser
from ninja.security import HttpBearer
from ninja.utils import check_csrf

from tradefair.common.errors import DomainError, Forbidden
from tradefair.common.i18n import expo_languages, localize
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class CsrfRefused(Forbidden):
    pass


class UnsupportedMediaType(DomainError):
    status = 415


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``, or else a browser session, so that the site's own
    pages can call the API for a signed-in person. A browser sends its cookie with any
    request, including one another site makes it send (issue #19: a cross-site
    ``text/plain`` form made its victim an expo admin), so a session counts for an unsafe
    method only with the page's CSRF token (``X-CSRFToken``), as Django's forms do. A key
    in the header is never sent by a browser on its own, so it needs none."""

    def __call__(self, request: HttpRequest):
        user = super().__call__(request)
        if user:
            return user
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            require_csrf(request)
            return request.user
        return None

    def authenticate(self, request: HttpRequest, token: str):
        found = (
            ApiToken.objects.select_related("user")
            .filter(digest=token_digest(token), revoked=False, user__is_active=True)
            .first()
        )
        if found is None:
            return None
        if found.last_used_at is None or (timezone.now() - found.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        return found.user


def require_csrf(request: HttpRequest) -> None:
    """Refuse an unsafe request that a session authenticates without a valid CSRF token
    (Django's own check: token against the cookie, and the Origin or Referer over
    HTTPS)."""
    if request.method in SAFE_METHODS or getattr(request, "_ninja_csrf_exempt", False):
        return
    if check_csrf(request) is not None:
        raise CsrfRefused(
            "csrf_failed",
            _(
                "CSRF check failed: a signed-in browser must send the page's CSRF token in the "
                "X-CSRFToken header; programs use an API key (Authorization: Bearer)."
            ),
        )


class JsonOnlyParser(Parser):
    """Bodies are JSON and say so: a body sent as ``text/plain`` or as a form is what a
    page of another site can make a browser send without asking, so it is refused
    (415) before it is read, whatever it holds."""

    def parse_body(self, request: HttpRequest):
        if not is_json(request.content_type or ""):
            raise UnsupportedMediaType(
                "unsupported_media_type",
                _("The request body must be JSON, sent with Content-Type: application/json."),
            )
        # Numbers with a fraction are read as Decimal, not float: an amount sent as a JSON
        # number (12345678901.23, or one with more digits than a float holds) reaches the
        # schema's Decimal exactly, and one with too many decimals is refused rather than
        # rounded on the way in. Float fields take a Decimal as they take a float.
        return json.loads(request.body, parse_float=Decimal)


def plain_json(value):
    """A free JSON document (a body declared only as an object) with its fractional
    numbers back as floats, for code that stores or computes with it as plain JSON."""
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, dict):
        return {key: plain_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_json(item) for item in value]
    return value


def is_json(content_type: str) -> bool:
    kind = content_type.split(";")[0].strip().lower()
    return kind == "application/json" or (kind.startswith("application/") and kind.endswith("+json"))


class OptionalTokenAuth(TokenAuth):
    """Public endpoints: anonymous readers are welcome, a token only adds rights."""

    def __call__(self, request: HttpRequest):
        return super().__call__(request) or _Anonymous()


class _Anonymous:
    is_authenticated = False
    is_staff = False

    def __bool__(self) -> bool:
        return True


class PageNumberPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(settings.API_PAGE_SIZE, ge=1, le=settings.API_MAX_PAGE_SIZE)

    class Output(Schema):
        count: int
        next: str | None
        results: list[Any]

    items_attribute = "results"

    def paginate_queryset(self, queryset, pagination: Input, request: HttpRequest, **params: Any) -> Any:
        start = (pagination.page - 1) * pagination.page_size
        count = self._items_count(queryset)
        results = list(queryset[start : start + pagination.page_size])
        following = None
        if start + pagination.page_size < count:
            query = request.GET.copy()
            query["page"] = str(pagination.page + 1)
            following = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
        return {"count": count, "next": following, "results": results}


def localized(path: str, *, languages: str = "", missing: str | None = "") -> staticmethod:
    """A resolver for a translated text, so that a schema declares which of its fields
    are translated (``resolve_title = localized("title")``) instead of writing a method
    each. ``path`` leads from the object to its LazyI18nString ("organisation.name");
    where a step before the text is None the field is ``missing``. The text is in the
    reader's language, then in the expo's languages: those the object holds at
    ``languages`` ("expo.languages"), or else those the endpoint put on the request."""
    *steps, name = path.split(".")

    def resolve(obj, context) -> str | None:
        owner = obj
        for step in steps:
            owner = getattr(owner, step)
            if owner is None:
                return missing
        order = _follow(obj, languages) if languages else request_languages(context)
        return localize(getattr(owner, name), order)

    return staticmethod(resolve)


def translations_of(path: str) -> staticmethod:
    """A resolver for a ``*_translations`` field: every language's text at ``path``."""
    return staticmethod(lambda obj: all_translations(_follow(obj, path)))


def all_translations(value) -> dict[str, str]:
    """The {language: text} mapping of a LazyI18nString, for clients that edit the
    texts or choose the language themselves; {} where it holds a plain string."""
    data = getattr(value, "data", None)
    return dict(data) if isinstance(data, dict) else {}


def request_languages(context) -> Sequence[str]:
    """The languages of the expo an endpoint put on the request (``request.expo``, set by
    ``expos.domain.visibility.expo_of_request``); none where it names no expo (the
    reader's language and any text still show)."""
    request = (context or {}).get("request")
    return expo_languages(getattr(request, "expo", None))


def _follow(obj, path: str):
    for step in path.split("."):
        obj = getattr(obj, step)
    return obj
