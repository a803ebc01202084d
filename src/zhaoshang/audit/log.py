"""Writing to the audit log: ``append`` is the only way a record is made."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from zhaoshang.audit.chain import GENESIS, digest
from zhaoshang.audit.models import AuditHead, AuditRecord
from zhaoshang.core.clientip import client_address


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    return client_address(request)[:64]  # behind a trusted proxy: X-Forwarded-For


def append(
    kind: str,
    *,
    request: HttpRequest | None = None,
    user: Any = None,
    username: str = "",
    detail: dict[str, Any] | None = None,
) -> AuditRecord:
    if user is None and request is not None:
        user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_authenticated", False):
        username = username or user.get_username()
        user_id = user.pk
    else:
        user_id = None
    with transaction.atomic():
        head = AuditHead.objects.select_for_update().filter(pk=1).first()
        if head is None:
            head = AuditHead.objects.create(pk=1, last_hash=GENESIS)
            head = AuditHead.objects.select_for_update().get(pk=1)
        record = AuditRecord(
            at=timezone.now().astimezone(UTC),
            kind=kind,
            username=username[:150],
            user_id=user_id,
            ip=client_ip(request),
            method=(request.method or "")[:8] if request is not None else "",
            path=request.get_full_path()[:512] if request is not None else "",
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        record.hash = digest(head.last_hash, record.payload())
        record.save()
        AuditHead.objects.filter(pk=1).update(last_hash=record.hash, count=head.count + 1)
    return record


def verify() -> tuple[int, AuditRecord | None]:
    """(records checked, the first record that breaks the chain or None)."""
    from zhaoshang.audit.chain import first_break

    rows = AuditRecord.objects.order_by("pk")
    checked = rows.count()
    broken = first_break(
        (r.pk, r.prev_hash, r.hash, r.payload()) for r in rows.iterator(chunk_size=2000)
    )
    head = AuditHead.objects.filter(pk=1).first()
    if broken is None and head is not None and checked:
        last = rows.last()
        if last is not None and (head.last_hash != last.hash or head.count != checked):
            return checked, last  # records removed from the end, or the head rewritten
    return checked, (AuditRecord.objects.get(pk=broken) if broken is not None else None)
