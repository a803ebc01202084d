"""Small builders for engine tests: a scheme from a few items, units from measure dicts."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zhaoshang.assessment.scheme import Scheme, parse_scheme
from zhaoshang.assessment.scoring import UnitMeasures, UnitResult, score

D = Decimal


def scheme(items: list[dict[str, Any]], **extra: Any) -> Scheme:
    total = sum(D(str(item["weight"])) for item in items)
    body: dict[str, Any] = {"name": "测试方案", "year": 2026, "total": str(total), "items": items}
    body.update(extra)
    return parse_scheme(body)


def unit(
    key: str, group: str = "township", ledger: dict | None = None, **measures: Any
) -> UnitMeasures:
    values = {k: (None if v is None else D(str(v))) for k, v in measures.items()}
    return UnitMeasures(key=key, name=key, group=group, measures=values, ledger=ledger or {})


def run(
    s: Scheme, *units: UnitMeasures, month: int = 3, kind: str = "quarterly"
) -> dict[str, UnitResult]:
    return {r.key: r for r in score(s, list(units), month=month, period_kind=kind)}
