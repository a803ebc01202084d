"""Reads of the read-only leader pages from a replica of the database, when one is configured.

``DATABASE_REPLICA_URL`` (settings) adds the ``replica`` alias: e.g. a PostgreSQL streaming
standby. ``ReplicaRouter`` sends a read there only

- inside ``reads_from_replica`` — the decorator of the pages that only read (dashboard, bulletin
  pages) — and only while it serves a GET or HEAD,
- when the alias exists, and
- outside a transaction on ``default`` (a read inside an action's transaction, such as
  ``select_for_update``, belongs to the primary).

Every write, every migration and every read anywhere else use ``default``. The replica lags the
primary a little: the pages that read it may show a change a moment late; the person who saved it
sees it at once on the pages that read ``default`` (forms, project pages, the published list).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
READ_METHODS = frozenset({"GET", "HEAD"})

_scope: ContextVar[bool] = ContextVar("zhaoshang_replica_reads", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def in_replica_scope() -> bool:
    return _scope.get()


@contextmanager
def replica_reads() -> Iterator[None]:
    """Within the block, reads outside a transaction may come from the replica."""
    token = _scope.set(True)
    try:
        yield
    finally:
        _scope.reset(token)


class ReplicaRouter:
    """``DATABASE_ROUTERS`` entry: the replica for scoped reads, ``default`` for the rest."""

    def db_for_read(self, model: type[Any], **hints: Any) -> str:
        if (
            _scope.get()
            and replica_configured()
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            return REPLICA
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the same rows: an object read there may point to one from default.
        same_data = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in same_data and obj2._state.db in same_data:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS


type View = Callable[..., HttpResponse]


def reads_from_replica(view: View) -> View:
    """Serve a read-only page (GET/HEAD) with its reads from the replica, if there is one.

    The person and the session are looked up on ``default`` before the scope starts, so that a
    session just created (a login a moment ago) is never missed because the replica lags."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method not in READ_METHODS:
            return view(request, *args, **kwargs)
        user = getattr(request, "user", None)
        if user is not None:
            _ = user.is_authenticated  # resolves the lazy user (and loads the session) now
        with replica_reads():
            return view(request, *args, **kwargs)

    return wrapped
