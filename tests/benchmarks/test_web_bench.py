"""The web benchmark's own pieces (benchmarks/bench_web.py): the bare view lives only in the
benchmark's URLconf, and the driver's login goes through the real form with production's
HTTPS-behind-a-proxy settings on."""

from __future__ import annotations

import http.client
import re
from urllib.parse import urlencode, urlsplit

import pytest
from benchmarks.bench_web import Client as BenchClient
from django.test import Client
from django.urls import get_resolver

from tests.world import PASSWORD, build_world


def _patterns(urlconf: str) -> list[str]:
    return sorted(str(p.pattern) for p in get_resolver(urlconf).url_patterns)


@pytest.mark.django_db
def test_bare_view_is_served_only_by_the_benchmark_urlconf(settings) -> None:
    assert Client().get("/_bench/bare/").status_code == 404  # the product has no such route

    settings.ROOT_URLCONF = "benchmarks.urls"
    response = Client().get("/_bench/bare/")
    assert response.status_code == 200
    assert response.content == b"ok"
    # through the same middleware as every page: the security headers are there
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response


def test_benchmark_urlconf_is_the_product_plus_one_route() -> None:
    product = _patterns("zhaoshang.urls")
    bench = _patterns("benchmarks.urls")
    assert sorted([*product, "_bench/bare/"]) == bench


@pytest.mark.django_db(transaction=True)
def test_driver_logs_in_through_the_form_behind_an_https_proxy(live_server, settings) -> None:
    # what ZHAOSHANG_ENV=production sets, with the proxy header the driver sends
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = True
    settings.CSRF_COOKIE_SECURE = True
    settings.ROOT_URLCONF = "benchmarks.urls"
    world = build_world()
    port = urlsplit(live_server.url).port
    assert port is not None

    client = BenchClient(port)
    client.login(world.bureau.username, PASSWORD)
    status, _headers, page = client.request("GET", "/")
    assert status == 200
    assert world.bureau.username in page or "招商" in page
    status, _headers, _body = client.request("GET", "/_bench/bare/")
    assert status == 200

    # the proxy header makes the request secure, so CSRF checks the Referer as over HTTPS: the
    # same form post without the Referer the driver sends is refused
    bare = BenchClient(port)
    _status, _headers, page = bare.request("GET", "/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token is not None
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    body = urlencode(
        {"username": world.bureau.username, "password": PASSWORD, "csrfmiddlewaretoken": token[1]}
    )
    conn.request(
        "POST",
        "/login/",
        body=body,
        headers={
            "X-Forwarded-Proto": "https",
            "Cookie": bare.cookie_header(),
            "Content-Type": "application/x-www-form-urlencoded",
        },
    )
    response = conn.getresponse()
    conn.close()
    assert response.status == 403

    with pytest.raises(SystemExit, match="login as"):
        BenchClient(port).login(world.bureau.username, "not-the-password")
