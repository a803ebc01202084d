"""Rate limits: API calls per token, per person (session) and per IP address for anonymous calls,
answered with 429, ``Retry-After`` and a Chinese message in the API's error format; failed logins
per IP address across usernames, beyond django-axes' lockout of one username."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import Client
from django.urls import resolve

from tests.world import PASSWORD
from zhaoshang.api.models import ApiToken
from zhaoshang.api.ratelimit import RateLimited
from zhaoshang.api.urls import api
from zhaoshang.core import ratelimit as core_ratelimit
from zhaoshang.org.views import Login

NOW = 1_800_000_000.0  # a moment at the start of a 60-second window


@pytest.fixture
def clock(monkeypatch):
    """The rate limits' clock, stopped at NOW; ``clock.now`` moves it."""
    fake = SimpleNamespace(now=NOW)
    monkeypatch.setattr(core_ratelimit, "time", SimpleNamespace(time=lambda: fake.now))
    return fake


@pytest.fixture
def limits(settings):
    def set_limits(**values: int) -> None:
        settings.ZHAOSHANG = {**settings.ZHAOSHANG, **values}

    return set_limits


def test_the_api_answers_429_with_the_rate_limit_handler_installed() -> None:
    assert RateLimited in api._exception_handlers


def test_a_token_beyond_its_limit_gets_429_with_retry_after_and_a_chinese_message(
    scene, caller, limits, clock
):
    limits(API_MAX_REQUESTS=3, API_RATE_WINDOW_SECONDS=60)
    call = caller("bureau", "token")
    for _ in range(3):
        assert call("GET", "/projects").status_code == 200
    clock.now += 15
    refused = call("GET", "/projects")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"
    detail = refused.json()["detail"]
    assert isinstance(detail, str)
    assert "请求过于频繁" in detail and "访问令牌" in detail and "60 秒最多 3 次" in detail
    # writes count too, and change nothing while refused
    assert call("POST", f"/returns/{scene.unit_return.pk}/submit", None).status_code == 429
    scene.unit_return.refresh_from_db()
    assert scene.unit_return.status == "draft"
    # the next window lets the token through again
    clock.now += 45
    assert call("GET", "/projects").status_code == 200


def test_each_token_has_its_own_count(scene, caller, limits, clock):
    limits(API_MAX_REQUESTS=2)
    first, second = caller("bureau", "token"), caller("bureau", "token")
    for _ in range(2):
        assert first("GET", "/units").status_code == 200
    assert first("GET", "/units").status_code == 429
    assert second("GET", "/units").status_code == 200
    assert caller("township_reporter", "token")("GET", "/units").status_code == 200


def test_a_refused_call_does_not_mark_the_token_used(scene, caller, limits, clock):
    limits(API_MAX_REQUESTS=1)
    call = caller("leader", "token")
    assert call("GET", "/units").status_code == 200
    token = ApiToken.objects.get(user=scene.world.leader)
    used = token.last_used_at
    clock.now += 1
    assert call("GET", "/units").status_code == 429
    token.refresh_from_db()
    assert token.last_used_at == used


def test_session_calls_are_limited_per_person(scene, caller, limits, clock):
    limits(API_MAX_REQUESTS=2)
    browser = caller("township_reporter", "session")
    other_browser = caller("township_reporter", "session")
    assert browser("GET", "/units").status_code == 200
    assert other_browser("GET", "/units").status_code == 200
    refused = browser("GET", "/units")
    assert refused.status_code == 429 and refused["Retry-After"]
    assert "每位用户" in refused.json()["detail"]
    assert caller("unit_leader", "session")("GET", "/units").status_code == 200


def test_anonymous_calls_and_wrong_tokens_are_limited_per_ip_address(scene, limits, clock):
    limits(API_ANONYMOUS_MAX_REQUESTS=3, API_MAX_REQUESTS=100)
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert client.get("/api/v1/units").status_code == 401
    wrong = {"Authorization": "Bearer zs_00000000_guess"}
    assert client.get("/api/v1/units", headers=wrong).status_code == 401
    assert (
        client.post("/api/v1/projects", data="{}", content_type="application/json").status_code
        == 401
    )
    refused = client.get("/api/v1/units", headers={"Authorization": "Bearer zs_1_other"})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert "IP 地址" in refused.json()["detail"]
    # another address is not affected
    assert Client(REMOTE_ADDR="203.0.113.8").get("/api/v1/units").status_code == 401


def test_the_default_limits_leave_room_for_ordinary_use(scene, caller, clock):
    call = caller("bureau", "token")
    for _ in range(50):
        assert call("GET", "/units").status_code == 200
    anonymous = Client()
    for _ in range(50):
        assert anonymous.get("/api/v1/units").status_code == 401


def test_a_limit_of_zero_switches_it_off(scene, caller, limits, clock):
    limits(API_MAX_REQUESTS=0)
    call = caller("bureau", "token")
    for _ in range(5):
        assert call("GET", "/units").status_code == 200


# --- login: failures per IP address across usernames ------------------------------------------


def test_the_login_page_is_the_rate_limited_one() -> None:
    assert resolve("/login/").func.view_class is Login


def test_many_failed_logins_from_one_address_are_refused_whatever_the_username(
    world, limits, clock
):
    limits(LOGIN_IP_MAX_FAILURES=4, LOGIN_IP_WINDOW_SECONDS=600)
    client = Client(REMOTE_ADDR="198.51.100.4")
    for name in ("bureau", "leader", "auditor", "no-such-person"):
        response = client.post("/login/", {"username": name, "password": "wrong"})
        assert response.status_code == 200  # the form again, with its error
    refused = client.post("/login/", {"username": "admin", "password": PASSWORD})
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "登录失败次数过多" in refused.content.decode() and "10 分钟" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    # the page itself still shows; another address still logs in
    assert client.get("/login/").status_code == 200
    other = Client(REMOTE_ADDR="198.51.100.5")
    ok = other.post("/login/", {"username": world.bureau.username, "password": PASSWORD})
    assert ok.status_code == 302 and other.session["_auth_user_id"] == str(world.bureau.pk)


def test_successful_logins_do_not_count(world, limits, clock):
    limits(LOGIN_IP_MAX_FAILURES=2)
    for _ in range(4):
        client = Client()
        response = client.post("/login/", {"username": world.bureau.username, "password": PASSWORD})
        assert response.status_code == 302
