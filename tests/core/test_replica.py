"""The read replica: the router's rules, the pages' decorator, and end to end with two database
files — the dashboard and bulletin pages read the replica while every write lands in the primary."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils.functional import SimpleLazyObject

from zhaoshang.core import replica
from zhaoshang.core.replica import REPLICA, ReplicaRouter, reads_from_replica, replica_reads
from zhaoshang.org.models import Unit, User

PROJECT_DIR = Path(__file__).resolve().parents[2]
router = ReplicaRouter()


@pytest.fixture
def with_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    """As if ``DATABASE_REPLICA_URL`` were set (the alias is only looked up, never connected to:
    these tests make no query)."""
    monkeypatch.setattr(replica, "replica_configured", lambda: True)


def test_the_suite_runs_without_a_replica_and_the_router_is_installed() -> None:
    assert REPLICA not in settings.DATABASES
    assert settings.DATABASE_ROUTERS == ["zhaoshang.core.replica.ReplicaRouter"]


def test_reads_outside_the_scope_use_the_primary(with_replica: None) -> None:
    assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS
    assert router.db_for_read(User, instance=User()) == DEFAULT_DB_ALIAS


def test_reads_inside_the_scope_use_the_replica_and_the_scope_ends_with_the_block(
    with_replica: None,
) -> None:
    with replica_reads():
        assert replica.in_replica_scope()
        assert router.db_for_read(Unit) == REPLICA
    assert not replica.in_replica_scope()
    assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS


def test_writes_never_go_to_the_replica(with_replica: None) -> None:
    assert router.db_for_write(Unit) == DEFAULT_DB_ALIAS
    with replica_reads():
        assert router.db_for_write(Unit) == DEFAULT_DB_ALIAS
        assert router.db_for_write(User, instance=User()) == DEFAULT_DB_ALIAS


def test_without_a_replica_alias_the_scope_reads_the_primary() -> None:
    with replica_reads():
        assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS


@pytest.mark.django_db
def test_a_read_inside_a_transaction_on_the_primary_stays_on_the_primary(
    with_replica: None,
) -> None:
    with replica_reads():
        with transaction.atomic():
            assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS
        # (pytest-django's own test transaction is still open here)
        assert router.db_for_read(Unit) == DEFAULT_DB_ALIAS


def test_migrations_run_on_the_primary_only() -> None:
    assert router.allow_migrate(DEFAULT_DB_ALIAS, "org", model_name="unit") is True
    assert router.allow_migrate(REPLICA, "org", model_name="unit") is False


def test_rows_from_the_replica_may_point_to_rows_from_the_primary() -> None:
    unit, person = Unit(), User()
    unit._state.db, person._state.db = REPLICA, DEFAULT_DB_ALIAS
    assert router.allow_relation(unit, person) is True
    person._state.db = "elsewhere"
    assert router.allow_relation(unit, person) is None


def _request(method: str, seen: dict[str, Any]) -> HttpRequest:
    request = RequestFactory().generic(method, "/dashboard/")

    def resolve_user() -> AnonymousUser:
        seen["user_resolved_in_scope"] = replica.in_replica_scope()
        return AnonymousUser()

    request.user = SimpleLazyObject(resolve_user)  # as AuthenticationMiddleware sets it
    return request


def _view(seen: dict[str, Any]):  # type: ignore[no-untyped-def]
    @reads_from_replica
    def view(request: HttpRequest) -> HttpResponse:
        seen["view_in_scope"] = replica.in_replica_scope()
        return HttpResponse("ok")

    return view


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_the_decorator_scopes_reads_and_resolves_the_person_first(method: str) -> None:
    seen: dict[str, Any] = {}
    response = _view(seen)(_request(method, seen))
    assert response.status_code == 200
    assert seen == {"user_resolved_in_scope": False, "view_in_scope": True}
    assert not replica.in_replica_scope()


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "OPTIONS"])
def test_the_decorator_never_scopes_a_request_that_may_write(method: str) -> None:
    seen: dict[str, Any] = {}
    _view(seen)(_request(method, seen))
    assert seen["view_in_scope"] is False


def test_the_scope_ends_when_the_view_raises() -> None:
    @reads_from_replica
    def broken(request: HttpRequest) -> HttpResponse:
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        broken(RequestFactory().get("/"))
    assert not replica.in_replica_scope()


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _rows(database: str | Path, query: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows straight from one database (a SQLite file or a PostgreSQL URL), not through Django."""
    if isinstance(database, Path):
        with sqlite3.connect(database) as db:
            rows = db.execute(query.replace("%s", "?"), params).fetchall()
        db.close()
        return rows
    import psycopg

    with psycopg.connect(database) as pg:
        return pg.execute(query, params).fetchall()


# On SQLite always; on PostgreSQL too when the suite runs there (ZHAOSHANG_TEST_DB=postgres).
ENGINES = ["sqlite"] + (
    ["postgres"] if os.environ.get("DATABASE_URL", "").startswith("postgres") else []
)


@pytest.fixture
def two_databases(request, tmp_path: Path) -> Iterator[tuple[str, str, str | Path, str | Path]]:
    """(DATABASE_URL, DATABASE_REPLICA_URL, and how ``_rows`` reaches each): A empty, B absent."""
    if request.param == "sqlite":
        primary, copy = tmp_path / "primary.sqlite3", tmp_path / "replica.sqlite3"
        yield f"sqlite:///{primary}", f"sqlite:///{copy}", primary, copy
        return
    import psycopg
    from psycopg import sql

    cluster = os.environ["DATABASE_URL"]  # …/postgres on the suite's throwaway cluster
    base = cluster.rsplit("/", 1)[0]
    names = [f"zs_replica_{os.getpid()}_a", f"zs_replica_{os.getpid()}_b"]

    def run(statement: str, name: str) -> None:
        with psycopg.connect(cluster, autocommit=True) as pg:
            pg.execute(sql.SQL(statement).format(sql.Identifier(name)))

    for name in names:
        run("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)
    run("CREATE DATABASE {}", names[0])
    urls = [f"{base}/{name}" for name in names]
    try:
        yield urls[0], urls[1], urls[0], urls[1]
    finally:
        for name in names:
            run("DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


@pytest.mark.parametrize("two_databases", ENGINES, indirect=True)
def test_end_to_end_pages_read_the_replica_while_logins_and_writes_land_in_the_primary(
    two_databases: tuple[str, str, str | Path, str | Path], tmp_path: Path
) -> None:
    """A fresh process with the real settings: DATABASE_URL = A, DATABASE_REPLICA_URL = B, B a
    copy of A with two names changed (tests/core/replica_probe.py)."""
    primary_url, replica_url, primary, copy = two_databases
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("ZHAOSHANG_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "zhaoshang.settings",
            "DATABASE_URL": primary_url,
            "DATABASE_REPLICA_URL": replica_url,
            "ZHAOSHANG_DATA_DIR": str(tmp_path / "data"),
            "ZHAOSHANG_ALLOWED_HOSTS": "testserver",
        }
    )
    result = subprocess.run(
        [sys.executable, "-m", "tests.core.replica_probe"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])

    assert seen["aliases"] == ["default", "replica"]
    assert seen["replica_mirror"] == "default"
    assert seen["vendor"] == ("sqlite" if isinstance(copy, Path) else "postgresql")
    # The leader exists only in A and logs in: the session is written to A, and the pages after
    # it find the person and the session there although B has neither.
    assert seen["login"] == [302, "/"]
    for page in ("dashboard", "bulletin", "drilldown"):
        assert seen[page]["status"] == 200, page
        assert seen[page]["replica_names"], page  # B's names: read from the replica
    assert seen["dashboard"]["h1"].startswith("副本区 ")
    assert seen["bulletin"]["h1"].startswith("副本区 ")
    assert seen["drilldown"]["town_from_replica"] and not seen["drilldown"]["town_from_primary"]
    # Pages without the decorator, and a POST to one with it, read A.
    for page in ("projects", "bulletin_post"):
        assert seen[page]["status"] == 200, page
        assert not seen[page]["replica_names"], page
        assert seen[page]["town_from_primary"], page
    assert seen["bulletin_post"]["h1"].startswith("河东区 ")

    # Every write went to A.
    if isinstance(copy, Path):  # B is byte for byte as the probe left it after renaming
        assert _sha256(copy) == seen["replica_sha256"]
    leader = "SELECT id FROM org_user WHERE username = %s"
    assert len(_rows(primary, leader, "newleader")) == 1
    assert _rows(copy, leader, "newleader") == []
    assert _rows(primary, "SELECT count(*) FROM django_session")[0][0] >= 1
    assert _rows(copy, "SELECT count(*) FROM django_session")[0][0] == 0
    login = "SELECT count(*) FROM audit_auditrecord WHERE kind = 'login' AND username = %s"
    assert _rows(primary, login, "newleader")[0][0] == 1
    assert _rows(copy, login, "newleader")[0][0] == 0
    assert _rows(primary, "SELECT name FROM org_unit WHERE code = 'D1'") == [("河东区",)]
    assert _rows(copy, "SELECT name FROM org_unit WHERE code = 'D1'") == [("副本区",)]
