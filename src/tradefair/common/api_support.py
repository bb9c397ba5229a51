"""What every API router shares: token authentication, the paginated list shape of
spec/interfaces.md and errors as ``{"detail": "message"}``."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from ninja.pagination import PaginationBase
from ninja.security import HttpBearer

from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest


class TokenAuth(HttpBearer):
    """``Authorization: Bearer <key>``. A browser session also counts, so that pages
    using the API from htmx work for a logged-in organiser."""

    def __call__(self, request: HttpRequest):
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            return request.user
        return super().__call__(request)

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
