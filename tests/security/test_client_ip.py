"""The client's address behind trusted proxies (``ZHAOSHANG_TRUSTED_PROXIES``): X-Forwarded-For
is believed only from a trusted proxy and only up to the first address that is not one, and the
rate limits, django-axes and the audit log all count the real client."""

from __future__ import annotations

import pytest
from axes.models import AccessAttempt
from django.test import Client, RequestFactory

from tests.deploy_check import check_deploy
from tests.world import PASSWORD, World
from zhaoshang.audit.models import AuditRecord
from zhaoshang.core.clientip import client_address, client_address_or_none, parse_address
from zhaoshang.core.ratelimit import client_ip

BALANCER = "10.0.0.5"  # the load balancer, as the app server sees it
NGINX = "192.168.1.2"  # a reverse proxy in front of the balancer
TRUSTED = ["10.0.0.0/24", NGINX]
CLIENT, OTHER_CLIENT = "203.0.113.7", "198.51.100.9"


@pytest.fixture
def proxies(settings):
    def trust(*entries: str) -> None:
        settings.TRUSTED_PROXIES = list(entries)

    trust()  # the default: nobody
    return trust


def _address(remote: str, forwarded: str | None = None) -> str:
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_by_default_nobody_is_trusted_and_the_peer_is_the_client(proxies) -> None:
    assert _address(BALANCER, CLIENT) == BALANCER
    assert _address(CLIENT) == CLIENT


def test_a_spoofed_header_from_an_untrusted_peer_is_ignored(proxies) -> None:
    proxies(*TRUSTED)
    assert _address(OTHER_CLIENT, "10.0.0.9") == OTHER_CLIENT
    assert _address(OTHER_CLIENT, f"{CLIENT}, {BALANCER}") == OTHER_CLIENT


def test_the_header_from_one_trusted_proxy_names_the_client(proxies) -> None:
    proxies(*TRUSTED)
    assert _address(BALANCER, CLIENT) == CLIENT
    # what the client wrote itself lies left of what the balancer appended: never believed
    assert _address(BALANCER, f"1.1.1.1, 10.0.0.7, {CLIENT}") == CLIENT


def test_the_header_through_two_trusted_proxies_names_the_client(proxies) -> None:
    proxies(*TRUSTED)
    assert _address(BALANCER, f"{CLIENT}, {NGINX}") == CLIENT
    assert _address(BALANCER, f"8.8.8.8, {CLIENT},{NGINX}") == CLIENT
    # the inner proxy is not trusted: it is the client as far as we can tell
    proxies("10.0.0.0/24")
    assert _address(BALANCER, f"{CLIENT}, {NGINX}") == NGINX


def test_a_malformed_entry_ends_the_walk_at_the_peer(proxies) -> None:
    proxies(*TRUSTED)
    assert _address(BALANCER, f"{CLIENT}, unknown") == BALANCER
    assert _address(BALANCER, "not an address") == BALANCER
    assert _address(BALANCER, f"{CLIENT}, 999.1.1.1") == BALANCER
    # empty entries were written by no hop and are skipped
    assert _address(BALANCER, f"{CLIENT},, ") == CLIENT


def test_no_header_or_only_trusted_hops_fall_back_to_the_peer(proxies) -> None:
    proxies(*TRUSTED)
    assert _address(BALANCER) == BALANCER
    assert _address(BALANCER, f"{NGINX}, 10.0.0.8") == BALANCER


def test_ports_ipv6_and_ipv4_mapped_forms_are_understood(proxies) -> None:
    proxies("10.0.0.0/24", "2001:db8:ffff::/48")
    assert _address(BALANCER, f"{CLIENT}:51234") == CLIENT
    assert _address(BALANCER, "[2001:db8::42]:443") == "2001:db8::42"
    assert _address("2001:db8:ffff::1", "2001:db8::42") == "2001:db8::42"
    assert _address("::ffff:10.0.0.5", CLIENT) == CLIENT
    assert parse_address("::ffff:203.0.113.7") == parse_address(CLIENT)
    assert parse_address("[2001:db8::1") is None


def test_the_rate_limits_and_axes_helpers_say_so_when_there_is_no_address(proxies) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="")
    assert client_address(request) == ""
    assert client_ip(request) == "unknown"
    assert client_address_or_none(request) is None


def test_the_callable_handed_to_django_axes_is_ours(settings) -> None:
    from axes.helpers import get_client_ip_address

    settings.TRUSTED_PROXIES = TRUSTED
    request = RequestFactory().post("/login/", REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=CLIENT)
    assert get_client_ip_address(request) == CLIENT


def _via_balancer(client_address_: str) -> Client:
    return Client(REMOTE_ADDR=BALANCER, HTTP_X_FORWARDED_FOR=client_address_)


@pytest.fixture
def lockout(settings):
    settings.AXES_ENABLED = True
    return settings.AXES_FAILURE_LIMIT


def test_a_lockout_behind_the_balancer_locks_the_client_not_the_balancer(
    world: World, proxies, lockout: int
) -> None:
    proxies(*TRUSTED)
    guesser = _via_balancer(CLIENT)
    for _ in range(lockout):
        guesser.post("/login/", {"username": world.bureau.username, "password": "wrong"})
    locked = guesser.post("/login/", {"username": world.bureau.username, "password": PASSWORD})
    assert locked.status_code == 429
    # the same person, from another client behind the same balancer, still logs in
    colleague = _via_balancer(OTHER_CLIENT)
    ok = colleague.post("/login/", {"username": world.bureau.username, "password": PASSWORD})
    assert ok.status_code == 302 and colleague.session["_auth_user_id"] == str(world.bureau.pk)
    lockouts = AuditRecord.objects.filter(kind="lockout", username=world.bureau.username)
    assert lockouts.exists()
    assert set(lockouts.values_list("ip", flat=True)) == {CLIENT}
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {CLIENT}


def test_rotating_a_spoofed_header_without_a_trusted_proxy_does_not_escape_a_lockout(
    world: World, proxies, lockout: int
) -> None:
    proxies(*TRUSTED)  # the guesser is not one of them
    for n in range(lockout):
        Client(REMOTE_ADDR=OTHER_CLIENT, HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}").post(
            "/login/", {"username": world.bureau.username, "password": "wrong"}
        )
    again = Client(REMOTE_ADDR=OTHER_CLIENT, HTTP_X_FORWARDED_FOR="203.0.113.200")
    locked = again.post("/login/", {"username": world.bureau.username, "password": PASSWORD})
    assert locked.status_code == 429


@pytest.fixture
def login_limit(settings):
    settings.ZHAOSHANG = {
        **settings.ZHAOSHANG,
        "LOGIN_IP_MAX_FAILURES": 3,
        "LOGIN_IP_WINDOW_SECONDS": 600,
    }
    return 3


def test_the_per_address_login_limit_counts_each_client_behind_the_balancer(
    world: World, proxies, login_limit: int
) -> None:
    proxies(*TRUSTED)
    guesser = _via_balancer(CLIENT)
    for name in ("bureau", "leader", "auditor"):
        assert guesser.post("/login/", {"username": name, "password": "wrong"}).status_code == 200
    refused = guesser.post("/login/", {"username": "admin", "password": PASSWORD})
    assert refused.status_code == 429
    colleague = _via_balancer(OTHER_CLIENT)
    ok = colleague.post("/login/", {"username": world.bureau.username, "password": PASSWORD})
    assert ok.status_code == 302


def test_the_per_address_login_limit_is_not_escaped_by_a_spoofed_header(
    world: World, proxies, login_limit: int
) -> None:
    proxies(*TRUSTED)
    for n in range(login_limit):
        spoofer = Client(REMOTE_ADDR=OTHER_CLIENT, HTTP_X_FORWARDED_FOR=f"203.0.113.{n + 1}")
        assert spoofer.post("/login/", {"username": "x", "password": "wrong"}).status_code == 200
    spoofer = Client(REMOTE_ADDR=OTHER_CLIENT, HTTP_X_FORWARDED_FOR="203.0.113.99")
    refused = spoofer.post("/login/", {"username": world.bureau.username, "password": PASSWORD})
    assert refused.status_code == 429


def test_the_audit_log_records_the_real_client(world: World, proxies) -> None:
    proxies(*TRUSTED)
    through = _via_balancer(f"6.6.6.6, {CLIENT}")
    assert (
        through.post(
            "/login/", {"username": world.bureau.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    spoofed = Client(REMOTE_ADDR=OTHER_CLIENT, HTTP_X_FORWARDED_FOR=CLIENT)
    assert (
        spoofed.post(
            "/login/", {"username": world.leader.username, "password": PASSWORD}
        ).status_code
        == 302
    )
    logins = AuditRecord.objects.filter(kind="login")
    assert logins.get(username=world.bureau.username).ip == CLIENT
    assert logins.get(username=world.leader.username).ip == OTHER_CLIENT


def test_a_malformed_trusted_proxy_setting_fails_loudly(tmp_path) -> None:
    result = check_deploy(
        {"ZHAOSHANG_TRUSTED_PROXIES": "10.0.0.0/8, balancer", "ZHAOSHANG_DATA_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "ZHAOSHANG_TRUSTED_PROXIES" in result.stderr and "'balancer'" in result.stderr


def test_the_deploy_check_stays_clean_with_trusted_proxies_and_a_replica(tmp_path) -> None:
    result = check_deploy(
        {
            "ZHAOSHANG_ENV": "production",
            "ZHAOSHANG_SECRET_KEY": "x7" * 30 + "-production-secret-key-for-test",
            "ZHAOSHANG_ALLOWED_HOSTS": "zhaoshang.example.gov.cn",
            "ZHAOSHANG_DATA_DIR": str(tmp_path),
            "ZHAOSHANG_TRUSTED_PROXIES": "10.0.0.0/24,192.168.1.2,2001:db8::/32",
            "DATABASE_REPLICA_URL": f"sqlite:///{tmp_path / 'replica.sqlite3'}",
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
