"""The computed bulletin of a district and period, kept in Django's cache for the pages that show
it (the bulletin page and the dashboard). Publishing, exports and the API compute fresh.

Key: the release, district, period and active language
(``zhaoshang:bulletin:<release>:<district pk>:<YYYY-MM>:<lang>``; see :func:`release`).
The entry holds the **generation** it was computed under; a read whose current generation differs
is a miss. The generation is a random token in the cache, replaced (never incremented: with the
file cache shared by the server's processes an increment is a read-then-write that can be lost)
whenever data that feeds a bulletin changes:

- ``post_save`` / ``post_delete`` / ``m2m_changed`` of the feeding apps' models (``bulletins.apps``
  connects them; see :func:`watched_models`), and
- :func:`invalidate`, which code that writes around the signals (``QuerySet.update``, bulk
  inserts, raw SQL) calls itself, and
- every ``migrate`` (data migrations write with ``QuerySet.update``).

A change inside a transaction replaces the token at once *and* again after the commit: a reader
that read the token between the write and the commit computed from the old rows and stored them
under a token that the commit then retires. Within a transaction of its own (which may hold
uncommitted writes, later rolled back) a page neither reads nor fills the cache. A time-to-live
(``ZHAOSHANG["BULLETIN_CACHE_SECONDS"]``, 0 turns the cache off) bounds any missed change.

Beside the bulletin, :func:`derived` keeps what follows from it alone under the same generation
(the bulletin page's rendered body, the dashboard's chart data).
"""

from __future__ import annotations

import functools
import hashlib
import logging
import secrets
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, cast

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import translation

from zhaoshang.bulletins import queries
from zhaoshang.bulletins.compute import Bulletin, BulletinInput, compute, in_month
from zhaoshang.core import replica
from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit

logger = logging.getLogger(__name__)

PREFIX = "zhaoshang:bulletin"
GENERATION_KEY = f"{PREFIX}:generation"
DEFAULT_SECONDS = 600

# Apps whose rows a bulletin (or the dashboard built on it) is computed from.
FEEDING_APPS = (
    "core",  # the working-day calendar
    "org",
    "projects",
    "targets",
    "reporting",
    "trade",
    "casework",
    "inspections",
    "meetings",
)
# Models of those apps that never change a bulletin and are written often (logins, the event
# log, notices and their read marks).
NOT_FEEDING = frozenset({"core.event", "core.notification", "org.user", "org.passwordhistory"})


@dataclass(frozen=True, slots=True)
class Computed:
    """What the pages need: the bulletin, and last year's funds per month (1–12月, for the
    dashboard's chart) from the same inputs."""

    bulletin: Bulletin
    last_year_monthly: tuple[Decimal, ...]


def bulletin_for(district: Unit, period: Period) -> Bulletin:
    """``compute(gather(district, period))``, from the cache when it is current. Raises
    :class:`queries.NoBulletinData` as ``gather`` does."""
    return computed_for(district, period).bulletin


def computed_for(district: Unit, period: Period) -> Computed:
    return _cached(key_for(district, period), lambda: _compute(district, period))


def derived[T](district: Unit, period: Period, name: str, make: Callable[[Computed], T]) -> T:
    """``make(computed_for(district, period))``, cached beside the bulletin under the same
    generation: for what follows from the bulletin alone and is the same for every reader who
    gets it (e.g. the page's rendered body), so that a hit needs neither the bulletin nor the
    template."""
    return _cached(
        f"{key_for(district, period)}:{name}", lambda: make(computed_for(district, period))
    )


def last_year_monthly(data: BulletinInput) -> tuple[Decimal, ...]:
    """Last year's outside funds per month (1–12月), from the bulletin's own input."""
    return tuple(
        sum((in_month(u.monthly_last_year, m).total for u in data.units), Decimal(0))
        for m in range(1, 13)
    )


def _cached[T](key: str, make: Callable[[], T]) -> T:
    seconds = ttl()
    if seconds <= 0 or _own_transaction_start(_connection()) is not None:
        return make()
    generation = current_generation()  # before reading any row: see the module's docstring
    try:
        entry = cache.get(key)
    except Exception:  # an unreadable entry (e.g. written by another release) is a miss
        logger.warning("bulletin cache: cannot read %s", key, exc_info=True)
        entry = None
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == generation:
        return cast(T, entry[1])
    fresh = make()
    try:
        cache.set(key, (generation, fresh), seconds)
    except Exception:
        logger.error("bulletin cache: cannot store %s", key, exc_info=True)
    return fresh


def _compute(district: Unit, period: Period) -> Computed:
    if replica.in_replica_scope() and replica.replica_configured():
        # What is stored is read from the primary, never from a replica that may still lag
        # behind the change whose new generation this reader holds: core.replica sends no read
        # inside a transaction on ``default`` to the replica. (Not on SQLite, whose IMMEDIATE
        # transactions would queue page reads behind writers; it has no replica anyway.)
        with transaction.atomic(using=DEFAULT_DB_ALIAS):
            data = queries.gather(district, period)
    else:
        data = queries.gather(district, period)
    return Computed(compute(data), last_year_monthly(data))


def ttl() -> int:
    return int(settings.ZHAOSHANG.get("BULLETIN_CACHE_SECONDS", DEFAULT_SECONDS))


def key_for(district: Unit, period: Period, language: str | None = None) -> str:
    lang = language or translation.get_language() or settings.LANGUAGE_CODE
    return f"{PREFIX}:{release()}:{district.pk}:{period.year:04d}-{period.month:02d}:{lang}"


@functools.cache
def release() -> str:
    """A fingerprint of the installed code (its Python modules, templates and translations), the
    same in every process of one release: entries written by another release, whose classes or
    wording may differ, are never read, whether or not a migrate retired them."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha1(usedforsecurity=False)
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".mo") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# --- The generation -----------------------------------------------------------------------


def current_generation() -> str:
    """The current token; a new one when there is none (first use, or the cache dropped it)."""
    try:
        token = cache.get(GENERATION_KEY)
        if isinstance(token, str):
            return token
        cache.add(GENERATION_KEY, secrets.token_hex(8), None)
        token = cache.get(GENERATION_KEY)
    except Exception:
        logger.error("bulletin cache: cannot read the generation", exc_info=True)
        token = None
    # Unreadable: a token nobody else holds, so nothing cached is trusted.
    return token if isinstance(token, str) else secrets.token_hex(8)


def _new_generation() -> None:
    try:
        cache.set(GENERATION_KEY, secrets.token_hex(8), None)
    except Exception:
        logger.error("bulletin cache: cannot replace the generation", exc_info=True)


def _after_commit() -> None:
    _new_generation()


def invalidate(using: str = DEFAULT_DB_ALIAS) -> None:
    """Retire every cached bulletin: now, and again when the current transaction commits.

    Call it after writing rows that feed a bulletin without ``Model.save()`` / ``delete()``
    (``QuerySet.update``, ``bulk_create``, ``spreadsheets.bulk.insert_columns``, raw SQL)."""
    connection = connections[using]
    if _own_transaction_start(connection) is None:
        _new_generation()  # autocommit: the change is committed already
        return
    if _pending(connection):
        return  # this transaction has retired them and will again on commit
    _new_generation()
    transaction.on_commit(_after_commit, using=using, robust=True)


def _connection() -> BaseDatabaseWrapper:
    return connections[DEFAULT_DB_ALIAS]


def _own_transaction_start(connection: BaseDatabaseWrapper) -> int | None:
    """Index of the outermost open atomic block that is not a test case's own wrapper, or None.

    Tests run inside atomic blocks that never commit; Django itself looks through them
    (``_from_testcase``, as for durable blocks), and so does the cache: a test's write that
    leaves its ``@action`` is treated as committed."""
    for index, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            return index
    return None


def _pending(connection: BaseDatabaseWrapper) -> bool:
    """Whether the after-commit retirement is already registered for the transaction of our own
    that is open (one registration per transaction, however many rows it writes)."""
    start = _own_transaction_start(connection)
    if start is None:
        return False
    # savepoint_ids has an entry for every block but the real outermost one.
    offset = len(connection.atomic_blocks) - len(connection.savepoint_ids)
    # Each hook is (savepoint ids open when it was registered, function, robust).
    ours = [
        hook[0] for hook in cast(list[Any], connection.run_on_commit) if hook[1] is _after_commit
    ]
    if start < offset:  # the real transaction is ours: every registered hook belongs to it
        return bool(ours)
    sid = connection.savepoint_ids[start - offset]
    if sid is None:
        return False  # no savepoint to tell our hooks from older ones: register again
    return any(sid in sids for sids in ours)


# --- Signals ------------------------------------------------------------------------------


def watched_models() -> Iterator[type[models.Model]]:
    """The models whose rows feed a bulletin (auto-created many-to-many tables included),
    without row-history tables (written beside the rows they copy)."""
    from simple_history.models import HistoricalChanges  # type: ignore[import-untyped]

    for label in FEEDING_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower in NOT_FEEDING or issubclass(model, HistoricalChanges):
                continue
            if model._meta.auto_created and any(
                field.related_model is not None
                and field.related_model._meta.label_lower in NOT_FEEDING
                for field in model._meta.fields
            ):
                continue  # e.g. a person's groups
            yield model


def changed(sender: Any, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """Receiver of post_save, post_delete and m2m_changed for :func:`watched_models`."""
    if kwargs.get("action", "post") not in ("post", "post_add", "post_remove", "post_clear"):
        return  # m2m_changed also fires before the change
    invalidate(using)


def connect() -> None:
    for model in watched_models():
        uid = f"bulletins.cache:{model._meta.label_lower}"
        models.signals.post_save.connect(changed, sender=model, dispatch_uid=uid)
        models.signals.post_delete.connect(changed, sender=model, dispatch_uid=uid)
        models.signals.m2m_changed.connect(changed, sender=model, dispatch_uid=uid)
