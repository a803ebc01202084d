"""Registry workbooks (projects, targets, …): one flow for all of them.

check the file → read the sheet → plan (every row cleaned by the web form's rules, compared with
the database) → dry run shows created/updated/unchanged → confirm writes through the kind's
``@action`` in one transaction and archives the file as an ImportBatch. The same file (sha256)
imported once before changes nothing."""

from __future__ import annotations

import gc
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from zhaoshang.org.models import User
from zhaoshang.spreadsheets.models import ImportBatch
from zhaoshang.spreadsheets.safety import check_file
from zhaoshang.spreadsheets.sheets import BookError, Outcome, read_sheet


@dataclass(frozen=True)
class Book:
    kind: str
    title: str
    sheet: str
    may_upload: Callable[[Any], bool]
    plan: Callable[[User, list[list[Any]], date], Any]
    describe: Callable[[Any, Outcome], None]
    apply: Callable[..., Any]


BOOKS: dict[str, Book] = {}
# Seconds spent in each phase of the last run_import (read by benchmarks/bench_import_*.py).
last_timings: dict[str, float] = {}


def register(book: Book) -> Book:
    BOOKS[book.kind] = book
    return book


def book_for(kind: str) -> Book:
    from zhaoshang.spreadsheets import books  # noqa: F401  (registers the kinds)

    return BOOKS[kind]


def run_import(**kwargs: Any) -> Outcome:
    """Check, plan and (unless dry_run) write; see ``_run_import``. The cyclic garbage collector
    is paused meanwhile: a big workbook allocates millions of small objects that all stay alive
    until the end, and scanning them again and again costs more than the import itself."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run_import(**kwargs)
    finally:
        if enabled:
            gc.enable()


def _run_import(
    *,
    kind: str,
    actor: User,
    data: bytes,
    filename: str,
    dry_run: bool,
    batch: ImportBatch | None = None,
    today: date | None = None,
) -> Outcome:
    """Check, plan and (unless dry_run) write. ``batch``: the dry-run batch being confirmed."""
    book = book_for(kind)
    if not book.may_upload(actor):
        raise PermissionDenied(f"您没有导入{book.title}的权限")
    today = today or timezone.localdate()
    outcome = Outcome()
    last_timings.clear()
    clock = time.perf_counter()
    try:
        check_file(data)
        rows = read_sheet(data, book.sheet)
    except ValidationError as exc:
        outcome.errors = [str(m) for m in exc.messages]
        return outcome
    except BookError as exc:
        outcome.errors = exc.messages
        return outcome
    sha = hashlib.sha256(data).hexdigest()
    if ImportBatch.objects.filter(
        sha256=sha, kind=kind, status=ImportBatch.Status.APPLIED
    ).exists():
        outcome.already = True
        return outcome
    last_timings["read"] = time.perf_counter() - clock
    try:
        plan = book.plan(actor, rows, today)
    except BookError as exc:
        outcome.errors = exc.messages
        return outcome
    del rows
    book.describe(plan, outcome)
    last_timings["validate"] = time.perf_counter() - clock - last_timings["read"]
    if outcome.errors or dry_run:
        return outcome
    try:
        with transaction.atomic():
            batch = archive(
                kind=kind,
                actor=actor,
                data=data,
                filename=filename,
                outcome=outcome,
                status=ImportBatch.Status.APPLIED,
                batch=batch,
            )
            if outcome.created or outcome.updated:
                book.apply(actor=actor, plan=plan, batch=batch, today=today)
    except ValidationError as exc:
        outcome.errors = [str(m) for m in exc.messages]
        return outcome
    outcome.applied = True
    last_timings["write"] = time.perf_counter() - clock - sum(last_timings.values())
    return outcome


def archive(
    *,
    kind: str,
    actor: User,
    data: bytes,
    filename: str,
    outcome: Outcome,
    status: str,
    batch: ImportBatch | None = None,
) -> ImportBatch:
    """Keep the original file with its hash, uploader and time (a dry-run batch is promoted)."""
    sha = hashlib.sha256(data).hexdigest()
    if batch is None:
        batch = ImportBatch(
            kind=kind, filename=filename[:255], sha256=sha, uploaded_by=actor, status=status
        )
        batch.file.save(f"{sha[:16]}-{kind}.xlsx", ContentFile(data), save=False)
    batch.status = status
    batch.summary = outcome.summary()
    batch.save()
    return batch
