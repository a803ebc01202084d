"""Every URL pattern × every persona × read/write → the answer the matrix (matrix.py) expects."""

from __future__ import annotations

import re
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.security.conftest import in_savepoint
from tests.security.matrix import (
    EXCLUDED_NAMESPACES,
    EXCLUDED_PATHS,
    PERSONAS,
    ROUTES,
    Route,
)

pytestmark = pytest.mark.django_db


def all_routes() -> list[tuple[str, str | None]]:
    """(path pattern, namespaced name) of every URL pattern, the API's included."""
    found: list[tuple[str, str | None]] = []

    def walk(resolver: URLResolver, prefix: str, namespace: str | None) -> None:
        for item in resolver.url_patterns:
            if isinstance(item, URLResolver):
                ns = namespace
                if item.namespace:
                    ns = f"{namespace}:{item.namespace}" if namespace else item.namespace
                walk(item, prefix + str(item.pattern), ns)
            elif isinstance(item, URLPattern):
                name = item.name
                if name and namespace:
                    name = f"{namespace}:{name}"
                found.append((prefix + str(item.pattern), name))

    walk(get_resolver(), "", None)
    return found


def excluded(path: str, name: str | None) -> bool:
    if name and name.split(":")[0] in EXCLUDED_NAMESPACES:
        return True
    if path.startswith("admin/"):
        return True  # the admin's unnamed catch-all and object redirects
    return path in EXCLUDED_PATHS


def test_every_route_is_in_the_matrix() -> None:
    missing = [
        f"{path}  (name: {name})"
        for path, name in all_routes()
        if not excluded(path, name) and name not in ROUTES
    ]
    assert not missing, "routes missing from tests/security/matrix.py:\n" + "\n".join(missing)


def test_the_matrix_names_no_route_that_does_not_exist() -> None:
    names = {name for _, name in all_routes()}
    assert set(ROUTES) <= names, set(ROUTES) - names


def test_the_exclusions_are_only_the_admin_and_debug_file_serving() -> None:
    assert set(EXCLUDED_NAMESPACES) == {"admin"}
    for path, name in all_routes():
        if excluded(path, name):
            assert path.startswith("admin/") or path in EXCLUDED_PATHS, path


def outcome(response: Any, *, api: bool) -> str:
    """allow | deny | login | error(500)."""
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "")
        if location.split("?")[0].rstrip("/").endswith(settings.LOGIN_URL.rstrip("/")):
            return "login"
        return "allow"
    if status < 300 or status in (400, 422):
        return "allow"
    if status == 401:
        return "login"
    if status in (403, 404, 405):
        return "deny"
    return f"unexpected {status}"


def request(client: Client, method: str, url: str, *, api: bool) -> Any:
    """One request; the client's cookies are put back afterwards (logging out, ending the other
    sessions or changing the password must not sign the shared client out for the next route)."""
    saved = SimpleCookie(client.cookies)
    try:
        return _send(client, method, url, api=api)
    finally:
        client.cookies = saved


def _send(client: Client, method: str, url: str, *, api: bool) -> Any:
    if method == "get":
        return client.get(url)
    if api:
        return getattr(client, method)(url, data="{}", content_type="application/json")
    return getattr(client, method)(url, data={})


def check(route: Route, name: str, scene: Any, clients: dict[str, Client]) -> list[str]:
    url = route.url(scene)
    api = name.startswith("api:")
    wrong: list[str] = []
    for kind, rule, method in (
        ("read", route.read, "get"),
        ("write", route.write, route.write_method),
    ):
        for persona in PERSONAS:
            response = in_savepoint(
                lambda p=persona, m=method: request(clients[p], m, url, api=api)
            )
            got = outcome(response, api=api)
            if got == "login" and route.extra.get("login_is_success"):
                got = "allow"
            if response.status_code == 404 and route.extra.get("not_found_is_answer"):
                got = "allow"  # e.g. "no such tracking code": the answer, not a refusal
            want = "allow" if persona in rule.allowed else "deny"
            fine = got == want or (want == "deny" and got == "login" and persona == "anonymous")
            if not fine:
                wrong.append(
                    f"{kind:5} {method.upper():5} {url} as {persona}: "
                    f"expected {want} ({rule.name}), got {got} [{response.status_code}]"
                )
    return wrong


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route_answers_each_persona_as_the_matrix_says(
    name: str, module_scene: Any, clients: dict[str, Client], unblocked: None
) -> None:
    wrong = check(ROUTES[name], name, module_scene, clients)
    assert not wrong, "\n" + "\n".join(wrong)


def test_anonymous_is_sent_to_login_not_shown_an_error(
    module_scene: Any, clients: dict[str, Client], unblocked: None
) -> None:
    """Pages for signed-in people send the anonymous visitor to the login page (API: 401)."""
    anonymous = clients["anonymous"]
    for name, route in ROUTES.items():
        if "anonymous" in route.read.allowed or route.read.allowed == frozenset():
            continue
        url = route.url(module_scene)
        response = in_savepoint(lambda u=url: anonymous.get(u))
        want = 401 if name.startswith("api:") else 302
        assert response.status_code == want, (name, response.status_code)
        if want == 302:
            assert re.search(r"/login/", response.headers["Location"]), name
