"""Schemathesis against /api/v1/openapi.json, as an organiser (with their API key), as a
buyer (with theirs) and anonymously: whatever a client sends, the API answers without a
server error, with a status the document declares for the operation, and with a body
that matches the schema the document gives for that status.

Each generated request is sent three times, once per caller, so that the operations
behind a key are reached past their 401. The expo's address is always the real one
(``cnea``): a random slug only ever meets a 404."""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from tests.factories import (
    BoothAssignmentFactory,
    ParticipantFactory,
    ProductFactory,
    UserFactory,
    api_key_for,
)
from tradefair.expos.models import ExpoStatus
from tradefair.people.models import Role
from tradefair.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)

CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]
CALLERS = ("organiser", "buyer", "anonymous")


@schema.hook("map_path_parameters")
def _the_real_expo(context, path_parameters):
    if path_parameters and "slug" in path_parameters:
        path_parameters["slug"] = "cnea"
    return path_parameters


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Requests here go straight to the WSGI app, which closes database connections when
    a request starts and finishes; inside a test transaction the connection must stay, as Django's
    own test client arranges."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _quiet(settings):
    settings.RATELIMIT_ENABLE = False
    settings.AXES_ENABLED = False


@pytest.fixture
def headers(db) -> dict:
    """An expo open for registration with an organiser, an approved buyer, an exhibitor
    with a product and a booth; the callers' headers by name."""
    buyer = ParticipantFactory(
        expo__slug="cnea", expo__status=ExpoStatus.REGISTRATION_OPEN, user=UserFactory(), roles=[Role.BUYER]
    )
    expo = buyer.expo
    organiser = UserFactory()
    expo.organisers.add(organiser)
    ProductFactory(exhibitor__expo=expo)
    BoothAssignmentFactory(exhibitor__expo=expo)
    return {
        "organiser": {"Authorization": f"Bearer {api_key_for(organiser)}"},
        "buyer": {"Authorization": f"Bearer {api_key_for(buyer.user)}"},
        "anonymous": {},
    }


@schema.parametrize()
# Bounded to stay within about two minutes on a shared machine: a few generated requests
# per operation, without schemathesis's coverage phase (its boundary values take about
# fifteen minutes for the whole document; run it with TRADEFAIR_FUZZ_COVERAGE=1).
@settings(
    max_examples=3,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    phases=list(Phase) if os.environ.get("TRADEFAIR_FUZZ_COVERAGE") else [Phase.generate],
)
def test_the_api_never_fails_on_what_a_client_sends(case, headers):
    for caller in CALLERS:
        case.call_and_validate(headers=headers[caller], checks=CHECKS)
