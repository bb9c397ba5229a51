"""The permission matrix: every page and every API operation, asked by every role
(organisers at each of their three levels among them).

The endpoints come from the URL resolver (every pattern whose view lives in a
``tradefair.`` module) and from the OpenAPI document (every path and method). Each one
must be classified in ``tests.common.permission_matrix.EXPECTED``: an endpoint nobody
classified fails here, and so does a table entry that matches no endpoint.

One world holds two expos; every path parameter is filled with a real object of expo A.
Each endpoint is one test that sends one request per role, each request inside a
savepoint that is rolled back, so that one role's POST or DELETE never changes what the
next role sees. "deny" is 401, 403, 404 or a redirect to the login page; "allow" is any
other status below 500 (a 400 or 422 for an empty body passed the permission check);
a 5xx always fails."""

import datetime as dt
import gzip
import json
import re
import secrets
from http.cookies import SimpleCookie

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from tests.common.permission_matrix import EXPECTED, NOBODY, NOT_YET_CLASSIFIED, ROLES, endpoint_key
from tests.deals.factories import make_deal
from tests.factories import (
    BoothAssignmentFactory,
    ExhibitorFactory,
    ExpoFactory,
    HallFactory,
    InvestmentProjectFactory,
    OfferFactory,
    OrganisationFactory,
    ParticipantFactory,
    PavilionFactory,
    ProductFactory,
    UserFactory,
)
from tests.program.factories import EventFactory, SessionFactory, SpeakerFactory
from tradefair.api import api
from tradefair.catalog.models import BoothProposal
from tradefair.common.models import ApiToken
from tradefair.common.models.tokens import token_digest
from tradefair.common.permissions import OPERATOR
from tradefair.expos.models import OrganiserLevel
from tradefair.people.models import RegistrationStatus, Role

pytestmark = pytest.mark.django_db

SKIPPED_PREFIXES = ("admin/", "api/v1/", "i18n/", "static/")


# ---------------------------------------------------------------------------
# Endpoints


def _walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern.callback


def page_routes() -> list[str]:
    """Every page route of our apps, once each (one route may carry two names)."""
    routes = []
    for route, callback in _walk(get_resolver().url_patterns):
        if route.startswith(SKIPPED_PREFIXES):
            continue
        module = getattr(callback, "__module__", "") or ""
        wrapped = getattr(callback, "view_class", None)
        if wrapped is not None:
            module = wrapped.__module__
        if not (module.startswith("tradefair.") or route.startswith("accounts/")):
            continue
        if route not in routes:
            routes.append(route)
    return routes


def api_operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return [(method.upper(), path) for path, operations in schema["paths"].items() for method in operations]


def all_endpoint_keys() -> set[str]:
    keys = set()
    for route in page_routes():
        keys.add(route)
    for method, path in api_operations():
        keys.add(endpoint_key(method, path))
    return keys


# ---------------------------------------------------------------------------
# The world


def _api_key(user) -> str:
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name="matrix", digest=token_digest(key), prefix=key[:8])
    return key


def build_world() -> dict:
    expo_a = ExpoFactory(slug="expo-a", starts=dt.date(2030, 8, 23), ends=dt.date(2030, 8, 27))
    expo_b = ExpoFactory(slug="expo-b", starts=dt.date(2030, 8, 23), ends=dt.date(2030, 8, 27))

    users = {role: UserFactory(username=f"matrix-{role}") for role in ROLES if role != "public"}
    users["staff"].is_staff = True
    users["staff"].save()
    # Named without a level, organiser_a is an admin: what being an organiser always meant.
    expo_a.organisers.add(users["organiser_a"])
    expo_a.organisers.add(users["organiser_staff"], through_defaults={"level": OrganiserLevel.STAFF})
    expo_a.organisers.add(users["organiser_viewer"], through_defaults={"level": OrganiserLevel.VIEWER})
    expo_a.organisers.add(users["organiser_finance"], through_defaults={"level": OrganiserLevel.FINANCE})
    expo_b.organisers.add(users["organiser_b"])

    objects = populate(
        expo_a,
        participant_user=users["participant"],
        exhibitor_user=users["exhibitor_admin"],
        gate_user=users["checkin_staff"],
        recorder=users["staff"],
    )
    ParticipantFactory(
        expo=expo_a,
        user=users["cancelled_staff"],
        roles=[Role.STAFF],
        status=RegistrationStatus.CANCELLED,
        email="former-gate@example.com",
    )
    # Expo B has the same kinds of things, with people of its own: asked for under
    # expo A's address, none of them may be found.
    objects_b = populate(
        expo_b,
        participant_user=UserFactory(username="matrix-b-participant"),
        exhibitor_user=UserFactory(username="matrix-b-exhibitor"),
        gate_user=UserFactory(username="matrix-b-gate"),
        recorder=users["staff"],
    )
    return {
        "expos": {"a": expo_a, "b": expo_b},
        "users": users,
        "api_keys": {role: _api_key(user) for role, user in users.items()},
        "objects": objects,
        "objects_b": objects_b,
    }


def populate(expo, *, participant_user, exhibitor_user, gate_user, recorder) -> dict:
    """An expo's people and things; the path parameters' values, by name."""
    from tradefair.conversations.domain.attachments import Upload
    from tradefair.conversations.domain.messaging import send_message, start_conversation
    from tradefair.conversations.domain.safety import report_message
    from tradefair.conversations.models import WebhookDelivery, WebhookEndpoint, WebhookEvent
    from tradefair.matchmaking.domain import rounds as round_actions
    from tradefair.matchmaking.models import Meeting, MeetingRequest, MeetingStatus, Slot
    from tradefair.news.models import Announcement
    from tradefair.onsite.domain.badges import issue_badge
    from tradefair.onsite.domain.letters import approve_letter, request_letter, verification_token
    from tradefair.onsite.domain.tokens import badge_token
    from tradefair.people.domain.mail import unsubscribe_token
    from tradefair.people.domain.registration import registration_token
    from tradefair.program.domain.programme import ical_token
    from tradefair.reports.models import ExportJob

    tag = expo.slug
    merchant_org = OrganisationFactory(legal_name=f"Merchant Org {tag}", country="RU")
    exhibitor_org = OrganisationFactory(legal_name=f"Showcase Org {tag}", country="CN")
    participant = ParticipantFactory(
        expo=expo,
        organisation=merchant_org,
        user=participant_user,
        roles=[Role.MERCHANT, Role.BUYER],
        email=f"participant@{tag}.example.com",
    )
    ParticipantFactory(
        expo=expo,
        organisation=exhibitor_org,
        user=exhibitor_user,
        roles=[Role.EXHIBITOR],
        email=f"exhibitor@{tag}.example.com",
    )
    ParticipantFactory(expo=expo, user=gate_user, roles=[Role.STAFF], email=f"gate@{tag}.example.com")
    # Someone else of the expo: the counterpart of the participant's meeting and request.
    other = ParticipantFactory(
        expo=expo,
        user=UserFactory(username=f"matrix-other-{tag}"),
        roles=[Role.BUYER],
        email=f"other@{tag}.example.com",
    )
    pending = ParticipantFactory(
        expo=expo, status=RegistrationStatus.PENDING, email=f"pending@{tag}.example.com"
    )

    exhibitor = ExhibitorFactory(expo=expo, organisation=exhibitor_org)
    hall = HallFactory(expo=expo)
    assignment = BoothAssignmentFactory(exhibitor=exhibitor, booth__hall=hall)
    # An open booth proposal (with nothing left to place) and a pavilion to accept it for.
    pavilion = PavilionFactory(expo=expo)
    BoothProposal.objects.create(expo=expo)
    product = ProductFactory(exhibitor=exhibitor)
    project = InvestmentProjectFactory(expo=expo, owner=exhibitor_org, exhibitor=exhibitor)
    offer = OfferFactory(participant=participant)

    event = EventFactory(expo=expo)
    session = SessionFactory(event=event)
    speaker = SpeakerFactory(expo=expo)

    round_ = round_actions.create_round(
        expo,
        by=OPERATOR,
        name="Day 1",
        days=["2030-08-23"],
        day_starts="09:00",
        day_ends="10:00",
        slot_minutes=20,
        time_limit=3,
    )
    # Published, so that its meetings are on the agendas; with a schedule file to read.
    round_.status = "published"
    round_.schedule_gz = gzip.compress(b"{}")
    round_.save()
    meeting = Meeting.objects.create(
        round=round_,
        requester=participant,
        counterpart=other,
        slot=round_.slots.first(),
        table=1,
        status=MeetingStatus.CONFIRMED,
    )
    # An online meeting whose video room is open now (matchmaking.room_views).
    opened = timezone.now() - dt.timedelta(minutes=1)
    online_meeting = Meeting.objects.create(
        round=round_,
        requester=participant,
        counterpart=other,
        slot=Slot.objects.create(round=round_, starts_at=opened, ends_at=opened + dt.timedelta(minutes=20)),
        room=1,
        status=MeetingStatus.CONFIRMED,
    )
    meeting_request = MeetingRequest.objects.create(
        expo=expo, sender=other, recipient=participant, expires_at=timezone.now() + dt.timedelta(days=3)
    )
    partner_org = OrganisationFactory(legal_name=f"Partner Org {tag}", country="KR")
    deal = make_deal(expo, parties=[merchant_org, partner_org], by=recorder)
    announcement = Announcement.objects.create(
        expo=expo,
        title={"en": "Opening"},
        body={"en": "The expo opens."},
        status="published",
        published_at=timezone.now(),
    )
    badge = issue_badge(participant, notify=False)
    letter = request_letter(
        participant,
        passport_number="E12345678",
        nationality="RU",
        stay_from=dt.date(2030, 8, 22),
        stay_until=dt.date(2030, 8, 28),
    )
    # Issued, so that its holder can download it (organiser part of issue #16: letters wait for approval).
    approve_letter(letter, by=recorder)
    waiting_letter = request_letter(
        other,
        passport_number="E87654321",
        nationality="KR",
        stay_from=dt.date(2030, 8, 22),
        stay_until=dt.date(2030, 8, 28),
    )
    conversation, _first = start_conversation(participant, counterpart=other, body="Do you ship to Irkutsk?")
    answer = send_message(
        conversation,
        sender=other,
        body="Yes, by rail.",
        attachments=[Upload(name="tariff.pdf", content_type="application/pdf", data=b"%PDF-1.4\n%%EOF")],
    )
    report = report_message(answer, reporter=participant, reason="matrix")
    sales = _exhibitor_sales(expo, exhibitor_user=exhibitor_user, recorder=recorder)
    endpoint = WebhookEndpoint.objects.create(
        expo=expo, url="https://93.184.216.34/hook", events=["deal.signed"], secret="whsec_AAAA"
    )
    WebhookDelivery.objects.create(
        endpoint=endpoint,
        event=WebhookEvent.objects.create(expo=expo, kind="deal.signed", occurred_at=timezone.now(), body={}),
    )
    job = ExportJob.objects.create(
        expo=expo, dataset="deals", file_format="csv", status="ready", content=b"a,b\n", rows=1
    )

    return {
        "slug": expo.slug,
        "exhibitor": exhibitor.pk,
        "product": product.pk,
        "project": project.pk,
        "booth": assignment.booth_id,
        "pavilion": pavilion.pk,
        "offer": offer.pk,
        "participant": other.pk,
        "pending": pending.pk,
        "session": session.pk,
        "speaker": speaker.pk,
        "round": round_.pk,
        "meeting": meeting.pk,
        "online_meeting": online_meeting.pk,
        "request": meeting_request.pk,
        "deal": deal.pk,
        "announcement": announcement.pk,
        "letter": letter.pk,
        "waiting_letter": waiting_letter.pk,
        "job": job.pk,
        "conversation": conversation.pk,
        "message": answer.pk,
        "report": report.pk,
        "endpoint": endpoint.pk,
        "attachment": answer.attachments.get().pk,
        # The expo's last-named organiser (expo A's viewer): changing or removing it keeps an admin.
        "organiser": expo.organiser_roles.order_by("-pk").values_list("pk", flat=True).first(),
        "organisation": merchant_org.pk,
        "merchant_org": merchant_org.pk,
        "partner_org": partner_org.pk,
        "badge_token": badge_token(badge.pk),
        "registration_token": registration_token(participant),
        "letter_token": verification_token(letter),
        "ical_token": ical_token(participant),
        "unsubscribe_token": unsubscribe_token(participant),
        **sales,
    }


def _exhibitor_sales(expo, *, exhibitor_user, recorder) -> dict:
    """The exhibitor admin's approved application with its order and invoice, and a
    pending application of someone else (issue 17)."""
    from tests.commerce.factories import make_extra, make_package
    from tradefair.commerce.domain.applications import ApplicationForm, review_application, submit_application

    package = make_package(expo)
    make_extra(expo)

    def apply(user, name):
        form = ApplicationForm(
            organisation_name=name,
            country="CN",
            address="Changchun",
            package_id=package.pk,
            area_m2="9",
            products="Couplers",
            contact_name=name,
            contact_email=f"{user.username}@example.com",
        )
        return submit_application(expo, form, by=user)

    application = review_application(
        apply(exhibitor_user, f"Exhibitor Org {expo.slug}"), decision="approve", by=recorder
    )
    pending = apply(UserFactory(username=f"matrix-applicant-{expo.slug}"), "Waiting Co")
    return {
        "application": application.pk,
        "pending_application": pending.pk,
        "order": application.order.pk,
        "invoice": application.order.invoices.get().pk,
    }


def _clients(world) -> dict:
    """One client per role, made once: a new client loads the middleware again (and
    WhiteNoise scans the static files), which would cost a tenth of a second a request.
    Pages are asked with a session, the API with a bearer token."""
    clients = {"api": Client(raise_request_exception=False)}
    for role in ROLES:
        client = Client(raise_request_exception=False)
        if role != "public":
            client.force_login(world["users"][role])
        clients[role] = client
    return clients


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        world["clients"] = _clients(world)
        yield world
        transaction.set_rollback(True)


# ---------------------------------------------------------------------------
# Filling in path parameters

# The object a ``pk`` or an ``action`` stands for, by the path segment before it.
PK_BY_SEGMENT = {
    "exhibitors": "exhibitor",
    "requests": "request",
    "meetings": "meeting",
    "pins": "meeting",
    "rooms": "online_meeting",
    "rounds": "round",
    "sessions": "session",
    "news": "announcement",
    "messages": "conversation",
    "webhooks": "endpoint",
}
ACTION_BY_SEGMENT = {"requests": "decline", "meetings": "cancel", "rounds": "publish", "webhooks": "rotate"}
KIND_BY_SEGMENT = {"register": "merchant", "profile": "offer", "files": "instance"}
TOKEN_BY_SEGMENT = {
    "registration": "registration_token",
    "registrations": "registration_token",
    "verify": "letter_token",
    "calendar": "ical_token",
    "unsubscribe": "unsubscribe_token",
}
PARAMETERS = {
    "slug": "slug",
    "exhibitor_id": "exhibitor",
    "product_id": "product",
    "project_id": "project",
    "booth_id": "booth",
    "pavilion_id": "pavilion",
    "participant_id": "participant",
    "meeting_id": "online_meeting",
    "session_id": "session",
    "speaker_id": "speaker",
    "deal_id": "deal",
    "announcement_id": "announcement",
    "letter_id": "letter",
    "job_id": "job",
    "organiser_id": "organiser",
    "organisation_id": "organisation",
    "conversation_id": "conversation",
    "message_id": "message",
    "report_id": "report",
    "attachment_id": "attachment",
    "application_id": "application",
    "order_id": "order",
    "invoice_id": "invoice",
    "endpoint_id": "endpoint",
}
# Parameters that name no object of an expo: a choice among words, or a signed token
# (which carries its own object), or an organisation (which belongs to no expo).
NOT_EXPO_OBJECTS = {"slug", "action", "kind", "token", "organisation_id", "uidb64"}

PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def parameter_names(path: str) -> list[str]:
    return [match.group(1) or match.group(2) for match in PARAMETER.finditer(path)]


def fill(path: str, objects: dict, overrides: dict, *, slug: str | None = None) -> str:
    """The path with each parameter replaced by a real object of the world."""
    segments = path.strip("/").split("/")

    def value(name: str, index: int) -> str:
        if name == "slug" and slug:
            return slug
        if name in overrides:
            return str(overrides[name])
        before = segments[index - 1] if index else ""
        if name == "pk":
            if PARAMETER.fullmatch(before) and "kind" in before:
                return str(objects["offer"])  # matchmaking/profile/{kind}/{pk}
            if before in PK_BY_SEGMENT:
                return str(objects[PK_BY_SEGMENT[before]])
        elif name == "action":
            owner = segments[index - 2] if index > 1 else ""
            if owner in ACTION_BY_SEGMENT:
                return ACTION_BY_SEGMENT[owner]
        elif name == "kind":
            if before in KIND_BY_SEGMENT:
                return KIND_BY_SEGMENT[before]
        elif name == "token":
            if before in TOKEN_BY_SEGMENT:
                return objects[TOKEN_BY_SEGMENT[before]]
        elif name in PARAMETERS:
            return str(objects[PARAMETERS[name]])
        raise AssertionError(
            f"{path}: no object of the world for the parameter {name!r} (after {before!r}); "
            "map it in PARAMETERS, PK_BY_SEGMENT, ... or give the entry parameters={...}"
        )

    filled = []
    for index, segment in enumerate(segments):
        filled.append(
            PARAMETER.sub(lambda match, index=index: value(match.group(1) or match.group(2), index), segment)
        )
    result = "/" + "/".join(filled)
    if path.endswith("/") and result != "/":
        result += "/"
    return result


def resolve(value, objects: dict):
    """``"@booth"`` is the world's booth; lists and dicts are resolved inside."""
    if isinstance(value, str) and value.startswith("@"):
        return objects[value[1:]]
    if isinstance(value, list):
        return [resolve(item, objects) for item in value]
    if isinstance(value, dict):
        return {key: resolve(item, objects) for key, item in value.items()}
    return value


# ---------------------------------------------------------------------------
# Asking


def outcome(response) -> str:
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if status in (401, 403, 404):
        return "deny"
    if status in (301, 302, 303, 307, 308):
        location = response.get("Location", "")
        if location.startswith(resolve_url(django_settings.LOGIN_URL)):
            return "deny"
    if status == 405:
        return "error 405 (wrong method in the table)"
    return "allow"


def ask(world, role: str, method: str, url: str, *, is_api: bool, data=None):
    headers = {}
    if is_api:
        client = world["clients"]["api"]
        if role != "public":
            headers["HTTP_AUTHORIZATION"] = f"Bearer {world['api_keys'][role]}"
    else:
        client = world["clients"][role]
    cookies = client.cookies.output(header="", sep=";")
    call = getattr(client, method.lower())
    # Each request in a savepoint rolled back: one role's POST or DELETE never changes
    # what the next role finds.
    with transaction.atomic():
        if method == "GET":
            response = call(url, **headers)
        elif is_api:
            response = call(url, data=json.dumps(data or {}), content_type="application/json", **headers)
        else:
            response = call(url, data=data or {}, **headers)
        transaction.set_rollback(True)
    # A logout or a login clears or turns the session cookie: the next request must
    # come from the same signed-in user again (its session row was rolled back too).
    client.cookies = SimpleCookie(cookies)
    return response


def _detail(response) -> str:
    if response.status_code < 400 or "json" not in response.get("Content-Type", ""):
        return ""
    return f" {response.content[:160].decode(errors='replace')}"


def refused(response, entry) -> bool:
    """A 400 with one of the entry's refusal codes is the permission check saying no."""
    if not entry.refusals or response.status_code != 400:
        return False
    try:
        return response.json().get("code") in entry.refusals
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def _quiet(settings):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False
    # Video rooms through a provider that needs no media server running.
    settings.VIDEO_PROVIDER = "jitsi"
    settings.JITSI_DOMAIN = "meet.example.org"
    settings.JITSI_APP_SECRET = "matrix-secret"


# ---------------------------------------------------------------------------
# The tests


def test_every_endpoint_is_classified_and_every_entry_is_an_endpoint():
    endpoints = all_endpoint_keys()
    table = {entry.endpoint for entry in EXPECTED.values()} | set(NOT_YET_CLASSIFIED)
    unclassified = sorted(endpoints - table)
    unknown = sorted(table - endpoints)
    assert not unclassified, "Endpoints nobody classified in permission_matrix.EXPECTED:\n" + "\n".join(
        unclassified
    )
    assert not unknown, "Entries of permission_matrix.EXPECTED that match no endpoint:\n" + "\n".join(unknown)


def _check(world, entry, url: str, allowed) -> list[str]:
    is_api = entry.path.startswith("/api/")
    data = resolve(entry.data, world["objects"])
    failures = []
    for role in ROLES:
        response = ask(world, role, entry.method, url, is_api=is_api, data=data)
        got = "deny" if refused(response, entry) else outcome(response)
        expected = "allow" if role in allowed else "deny"
        if got != expected:
            failures.append(
                f"  {role:<16} expected {expected:<6} got {got} ({response.status_code}){_detail(response)}"
            )
    return failures


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_permission_matrix(world, key):
    entry = EXPECTED[key]
    objects = world["objects"]
    url = fill(
        entry.path, objects, {name: resolve(value, objects) for name, value in entry.parameters.items()}
    )
    if entry.query:
        url += "?" + entry.query
    failures = _check(world, entry, url, entry.allowed)
    assert not failures, f"{entry.method} {url}\n" + "\n".join(failures)


def _names_expo_objects(path: str) -> bool:
    names = set(parameter_names(path))
    # A token under an expo's address (the personal calendar) belongs to that expo too.
    return bool(names - NOT_EXPO_OBJECTS) or {"slug", "token"} <= names


CROSS_EXPO = sorted(key for key, entry in EXPECTED.items() if _names_expo_objects(entry.path))


@pytest.mark.parametrize("key", CROSS_EXPO)
def test_an_object_of_expo_b_is_not_found_under_expo_a(world, key):
    """Object-level isolation: expo A's address with expo B's exhibitor, meeting, deal...
    is nobody's way in, not even expo A's organisers' or platform staff's."""
    entry = EXPECTED[key]
    objects_b = world["objects_b"]
    overrides = {name: resolve(value, objects_b) for name, value in entry.parameters.items()}
    url = fill(entry.path, objects_b, overrides, slug=world["objects"]["slug"])
    if entry.query:
        url += "?" + entry.query
    failures = _check(world, entry, url, NOBODY)
    assert not failures, f"{entry.method} {url}\n" + "\n".join(failures)
