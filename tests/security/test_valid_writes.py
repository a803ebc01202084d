"""Every write route × every persona with a *valid* body (``Body`` in matrix.py): those the matrix
denies are refused (403/404/405, 401 from the API, the login page for the anonymous visitor) and
nothing in the database changes; those it allows succeed, and a write that changes data did change
it. Every write route (a route whose write rule lets somebody through, the pages that answer POST
like GET aside) must have a body; one without fails ``test_every_write_route_has_a_valid_body``.

The database is compared by the number of rows of every table of the project's apps (the audit
log excepted: a refusal is recorded there on purpose; history tables included, so an update of a
tracked row shows) and by the row the write aims at."""

from __future__ import annotations

import json
from http.cookies import SimpleCookie
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.security.conftest import in_savepoint
from tests.security.matrix import BODIES, PERSONAS, ROUTES, Body, Route

pytestmark = pytest.mark.django_db


def write_routes() -> list[str]:
    """Routes with a write some persona may make (not the pages that answer POST like GET)."""
    return sorted(
        name
        for name, route in ROUTES.items()
        if route.write.allowed and "POST like GET" not in route.note
    )


def test_every_write_route_has_a_valid_body() -> None:
    """Like ``test_every_route_is_in_the_matrix``: a new write route fails here until it has a
    ``Body`` in matrix.py."""
    missing = [name for name in write_routes() if name not in BODIES]
    assert not missing, "write routes without a valid body in matrix.BODIES:\n" + "\n".join(missing)


def test_bodies_are_only_for_write_routes() -> None:
    assert set(BODIES) <= set(write_routes()), set(BODIES) - set(write_routes())


# --- the database before and after ------------------------------------------------------------


def _tables() -> list[str]:
    names = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy or not model.__module__.startswith("zhaoshang."):
            continue
        if meta.app_label == "audit":
            continue
        names.append(meta.db_table)
    return sorted(set(names))


TABLES = _tables()


def snapshot(target: Any = None) -> tuple[Any, ...]:
    quote = connection.ops.quote_name
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in TABLES)
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = tuple(cursor.fetchone())
    row = None
    if target is not None:
        row = type(target)._default_manager.filter(pk=target.pk).values().first()
    return counts, row


def differences(before: tuple[Any, ...], after: tuple[Any, ...]) -> list[str]:
    changed = [
        f"{table}: {a} → {b}"
        for table, a, b in zip(TABLES, before[0], after[0], strict=True)
        if a != b
    ]
    if before[1] != after[1]:
        changed.append(f"target row: {before[1]} → {after[1]}")
    return changed


# --- one write ------------------------------------------------------------------------------


def _send(client: Client, route: Route, url: str, data: Any, *, api: bool, body: Body | None):
    method = getattr(client, route.write_method)
    if api and not (body and body.multipart):
        payload = "{}" if data is None else json.dumps(data)
        return method(url, data=payload, content_type="application/json")
    return method(url, data=data or {})


def verdict(response: Any) -> str:
    status = response.status_code
    if status >= 500:
        return f"error {status}"
    if status in (301, 302, 303, 307, 308):
        location = response.headers.get("Location", "").split("?")[0].rstrip("/")
        return "login" if location.endswith(settings.LOGIN_URL.rstrip("/")) else "success"
    if status < 300:
        return "success"
    if status == 401:
        return "login"
    if status in (403, 404, 405):
        return "deny"
    return f"refused for its data {status}"


def write_once(
    name: str, route: Route, body: Body | None, persona: str, scene: Any, client: Client
) -> str | None:
    """The write as ``persona`` inside a savepoint; a message if it went wrong, else None."""
    api = name.startswith("api:")
    user = getattr(scene.world, persona) if persona != "anonymous" else None
    allowed = (body.allowed if body and body.allowed else route.write).allowed
    want = "success" if persona in allowed else "deny"
    if body is None and want == "success":
        return None  # no body yet (test_every_write_route_has_a_valid_body fails): refusals only
    url = (body.url if body and body.url else route.url)(scene)
    saved = SimpleCookie(client.cookies)

    def run() -> tuple[Any, list[str]]:
        if body and body.prepare:
            body.prepare(scene)
        target = body.target(scene) if body and body.target else None
        before = snapshot(target)
        data = body.data(scene, user) if body else None
        try:
            response = _send(client, route, url, data, api=api, body=body)
        finally:
            client.cookies = saved
        return response, differences(before, snapshot(target))

    response, changed = in_savepoint(run)
    got = verdict(response)
    if got == "login" and route.extra.get("login_is_success"):
        got = "success"
    if response.status_code == 404 and route.extra.get("not_found_is_answer"):
        got = "success"
    what = f"{route.write_method.upper()} {url} as {persona}"
    answer = _answer(response)
    if want == "deny":
        if body and response.status_code in body.refusals:
            got = "deny"
        if got not in ("deny", "login") or (got == "login" and persona != "anonymous"):
            return f"{what}: expected a refusal, got {got} [{response.status_code}] {answer}"
        if changed:
            return f"{what}: refused [{response.status_code}] but changed {changed}"
        return None
    if got != "success":
        return f"{what}: expected success, got {got} [{response.status_code}] {answer}"
    if body is not None and body.changes and not changed:
        return f"{what}: answered {response.status_code} but changed nothing {answer}"
    return None


def _answer(response: Any) -> str:
    if response.status_code in (301, 302, 303, 307, 308):
        return f"→ {response.headers.get('Location')}"
    if response.get("Content-Type", "").startswith(("application/json", "text/")):
        return response.content.decode(errors="replace")[:300].replace("\n", " ")
    return ""


@pytest.mark.parametrize("name", write_routes())
def test_a_valid_write_is_refused_without_a_trace_or_succeeds_as_the_matrix_says(
    name: str, module_scene: Any, clients: dict[str, Client], unblocked: None
) -> None:
    route, body = ROUTES[name], BODIES.get(name)
    wrong = [
        message
        for persona in PERSONAS
        if (message := write_once(name, route, body, persona, module_scene, clients[persona]))
    ]
    assert not wrong, "\n" + "\n".join(wrong)
