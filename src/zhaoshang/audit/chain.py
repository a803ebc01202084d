"""The hash chain of the audit log (pure): each record's hash covers its own content and the hash
of the record before it, so changing, removing or reordering any record breaks every later link."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from typing import Any

GENESIS = "0" * 64


def digest(previous: str, payload: Mapping[str, Any]) -> str:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(f"{previous}\n{body}".encode()).hexdigest()


def first_break(records: Iterable[tuple[Any, str, str, Mapping[str, Any]]]) -> Any | None:
    """``records``: (id, prev_hash, hash, payload) in order. The id of the first record whose link
    or content does not check out, or ``None`` when the whole chain holds."""
    previous = GENESIS
    for key, prev_hash, own_hash, payload in records:
        if prev_hash != previous or digest(previous, payload) != own_hash:
            return key
        previous = own_hash
    return None
