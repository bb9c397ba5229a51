"""Schemathesis against /api/v1/openapi.json: whatever a client sends, the API answers
without a server error, and documented responses match their schema."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.factories import BoothAssignmentFactory, ParticipantFactory, ProductFactory
from tradefair.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


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
def _an_expo(db):
    participant = ParticipantFactory(expo__slug="cnea")
    ProductFactory(exhibitor__expo=participant.expo)
    BoothAssignmentFactory(exhibitor__expo=participant.expo)


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_the_api_never_fails_on_what_a_client_sends(case):
    case.call_and_validate(checks=[not_a_server_error, response_schema_conformance])
