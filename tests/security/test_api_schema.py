"""schemathesis against the API's own OpenAPI schema: whatever it generates, as the bureau (bearer
token) and as nobody, the API answers without a server error and within its schema."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.world import build_world
from zhaoshang.api import actions as token_actions
from zhaoshang.api.urls import api

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()

# The issue's bar: no server error, no answer outside the schema. (schemathesis' stricter checks —
# undocumented status codes, negative-data acceptance — find real but lesser gaps; listed in
# docs/security.md as not done.)
CHECKS = [not_a_server_error, response_schema_conformance]

SETTINGS = settings(
    max_examples=20,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


@pytest.fixture(autouse=True)
def _keep_the_test_connection() -> Iterator[None]:
    """The WSGI app closes database connections after each request (Django's request signals);
    the test's connection holds the test transaction, so keep it open, as Django's test client
    does (on PostgreSQL a closed connection ends the test with "the connection is closed")."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def bureau_token(db: None) -> str:
    world = build_world()
    _, key = token_actions.create_token(actor=world.bureau, user=world.bureau, name="fuzz", days=1)
    return key


@schema.parametrize()
@SETTINGS
def test_the_bureau_gets_no_server_error_and_answers_that_fit_the_schema(
    case: schemathesis.Case, bureau_token: str
) -> None:
    case.call_and_validate(headers={"Authorization": f"Bearer {bureau_token}"}, checks=CHECKS)


@schema.parametrize()
@SETTINGS
def test_nobody_gets_no_server_error_and_answers_that_fit_the_schema(
    case: schemathesis.Case, db: None
) -> None:
    case.call_and_validate(checks=CHECKS)
