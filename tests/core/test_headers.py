"""Security headers on every page, and CSRF on every form."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.world import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/login/", "/portal/"])
def test_pages_carry_the_security_headers(path):
    response = Client().get(path)
    assert response.status_code == 200
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    script_src = next(part for part in csp.split(";") if part.strip().startswith("script-src"))
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_a_form_posted_without_its_csrf_token_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"username": "bureau", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session


def test_session_and_csrf_cookies_are_http_only_or_same_site(world):
    client = Client()
    client.post("/login/", {"username": "bureau", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
