"""Webhooks under /api/v1/: the same domain functions as the pages, for the expo's
administrators only (docs/webhooks.md)."""

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from tradefair.common.api_support import PageNumberPagination, TokenAuth
from tradefair.common.events import EVENT_KINDS
from tradefair.common.numbers import PathId
from tradefair.conversations.domain import webhooks
from tradefair.conversations.webhook_tasks import dispatch
from tradefair.expos.domain.visibility import get_visible_expo

router = Router(tags=["webhooks"], auth=TokenAuth())

EVENTS_DESCRIPTION = "Event types to receive, among: " + ", ".join(EVENT_KINDS)


class WebhookEndpointOut(Schema):
    id: int
    url: str
    description: str
    events: list[str]
    paused: bool
    paused_at: str | None
    pause_reason: str
    consecutive_failures: int
    created_at: str


class WebhookEndpointCreated(WebhookEndpointOut):
    secret: str = Field(description="The signing secret, returned this once.")


class WebhookEndpointIn(Schema):
    url: str = Field(max_length=2000, description="https:// address of the receiver")
    events: list[str] = Field(max_length=len(EVENT_KINDS) + 5, description=EVENTS_DESCRIPTION)
    description: str = Field("", max_length=200)


class WebhookSecretOut(Schema):
    secret: str = Field(description="The new signing secret, returned this once.")


class WebhookDeliveryOut(Schema):
    id: int
    event_id: str
    event_type: str
    status: str = Field(description="pending, sending, retrying, delivered or failed")
    attempts: int
    response_code: int | None
    error: str
    created_at: str
    last_attempt_at: str | None
    next_attempt_at: str | None
    delivered_at: str | None


class WebhookResumedOut(Schema):
    resumed: bool
    waiting_deliveries: int


class WebhookSettingsOut(Schema):
    allow_private_targets: bool


class WebhookSettingsIn(Schema):
    allow_private_targets: bool


def _iso(moment) -> str | None:
    return moment.isoformat() if moment is not None else None


def _endpoint_out(endpoint) -> dict:
    return {
        "id": endpoint.pk,
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "paused": endpoint.paused,
        "paused_at": _iso(endpoint.paused_at),
        "pause_reason": endpoint.pause_reason,
        "consecutive_failures": endpoint.consecutive_failures,
        "created_at": endpoint.created_at.isoformat(),
    }


def _delivery_out(delivery) -> dict:
    return {
        "id": delivery.pk,
        "event_id": str(delivery.event_id),
        "event_type": delivery.event.kind,
        "status": delivery.status,
        "attempts": delivery.attempts,
        "response_code": delivery.response_code,
        "error": delivery.error,
        "created_at": delivery.created_at.isoformat(),
        "last_attempt_at": _iso(delivery.last_attempt_at),
        "next_attempt_at": _iso(delivery.next_attempt_at),
        "delivered_at": _iso(delivery.delivered_at),
    }


class _Mapped:
    def __init__(self, queryset, out):
        self.queryset, self.out = queryset, out

    def all(self):
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, part):
        return [self.out(row) for row in self.queryset[part]]


def _endpoint(request, slug: str, endpoint_id: int):
    expo = get_visible_expo(slug, request.user)
    return webhooks.get_endpoint(expo, endpoint_id, by=request.user)


@router.get("expos/{slug}/webhooks", response=list[WebhookEndpointOut], summary="Webhook endpoints")
@paginate(PageNumberPagination)
def list_endpoints(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    return _Mapped(webhooks.endpoints_of(expo, by=request.user), _endpoint_out)


@router.post(
    "expos/{slug}/webhooks", response={201: WebhookEndpointCreated}, summary="Register a webhook endpoint"
)
def create_endpoint(request: HttpRequest, slug: str, body: WebhookEndpointIn):
    expo = get_visible_expo(slug, request.user)
    endpoint, secret = webhooks.register_endpoint(
        expo, by=request.user, url=body.url, events=body.events, description=body.description
    )
    return Status(201, _endpoint_out(endpoint) | {"secret": secret})


@router.get(
    "expos/{slug}/webhooks/{endpoint_id}", response=WebhookEndpointOut, summary="One webhook endpoint"
)
def get_endpoint(request: HttpRequest, slug: str, endpoint_id: PathId):
    return _endpoint_out(_endpoint(request, slug, endpoint_id))


@router.put(
    "expos/{slug}/webhooks/{endpoint_id}", response=WebhookEndpointOut, summary="Change a webhook endpoint"
)
def put_endpoint(request: HttpRequest, slug: str, endpoint_id: PathId, body: WebhookEndpointIn):
    endpoint = webhooks.update_endpoint(
        _endpoint(request, slug, endpoint_id),
        by=request.user,
        url=body.url,
        events=body.events,
        description=body.description,
    )
    return _endpoint_out(endpoint)


@router.delete(
    "expos/{slug}/webhooks/{endpoint_id}", response={204: None}, summary="Delete a webhook endpoint"
)
def delete_endpoint(request: HttpRequest, slug: str, endpoint_id: PathId):
    webhooks.delete_endpoint(_endpoint(request, slug, endpoint_id), by=request.user)
    return Status(204, None)


@router.post(
    "expos/{slug}/webhooks/{endpoint_id}/rotate-secret",
    response=WebhookSecretOut,
    summary="Replace a webhook endpoint's secret",
)
def rotate(request: HttpRequest, slug: str, endpoint_id: PathId):
    return {"secret": webhooks.rotate_secret(_endpoint(request, slug, endpoint_id), by=request.user)}


@router.post(
    "expos/{slug}/webhooks/{endpoint_id}/test",
    response={202: WebhookDeliveryOut},
    summary="Send a test event to a webhook endpoint",
)
def send_test(request: HttpRequest, slug: str, endpoint_id: PathId):
    delivery = webhooks.send_test_event(_endpoint(request, slug, endpoint_id), by=request.user)
    dispatch([delivery.pk])
    delivery.refresh_from_db()
    return Status(202, _delivery_out(delivery))


@router.post(
    "expos/{slug}/webhooks/{endpoint_id}/resume",
    response=WebhookResumedOut,
    summary="Resume a paused webhook endpoint",
)
def resume(request: HttpRequest, slug: str, endpoint_id: PathId):
    ids = webhooks.resume_endpoint(_endpoint(request, slug, endpoint_id), by=request.user)
    dispatch(ids)
    return {"resumed": True, "waiting_deliveries": len(ids)}


@router.get(
    "expos/{slug}/webhooks/{endpoint_id}/deliveries",
    response=list[WebhookDeliveryOut],
    summary="A webhook endpoint's deliveries, newest first",
)
@paginate(PageNumberPagination)
def list_deliveries(request: HttpRequest, slug: str, endpoint_id: PathId, status: str = ""):
    endpoint = _endpoint(request, slug, endpoint_id)
    return _Mapped(webhooks.deliveries_of(endpoint, by=request.user, status=status), _delivery_out)


@router.get("expos/{slug}/webhook-settings", response=WebhookSettingsOut, summary="Webhook settings")
def get_settings(request: HttpRequest, slug: str):
    expo = get_visible_expo(slug, request.user)
    webhooks.endpoints_of(expo, by=request.user)  # the permission check
    return {"allow_private_targets": webhooks.webhook_settings(expo).allow_private_targets}


@router.put("expos/{slug}/webhook-settings", response=WebhookSettingsOut, summary="Change webhook settings")
def put_settings(request: HttpRequest, slug: str, body: WebhookSettingsIn):
    expo = get_visible_expo(slug, request.user)
    row = webhooks.set_private_targets(expo, by=request.user, allowed=body.allow_private_targets)
    return {"allow_private_targets": row.allow_private_targets}
