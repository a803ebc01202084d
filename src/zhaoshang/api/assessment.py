"""API router: assessment results. ``GET /api/v1/assessments/{scheme}/{period}``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema

from zhaoshang.assessment import document, queries
from zhaoshang.core.periods import PeriodError

router = Router(tags=["assessment"])


class ErrorOut(Schema):
    detail: str


class ItemOut(Schema):
    code: str
    name: str
    weight: str
    cap: str
    score: str | None
    explanation: str


class AdjustmentOut(Schema):
    code: str
    name: str
    points: str
    explanation: str


class ResultOut(Schema):
    unit: str
    code: str
    total: str
    rank: int | None
    vetoed: bool
    veto_reasons: list[str]
    list: str | None
    items: list[ItemOut]
    deductions: list[AdjustmentOut]
    bonuses: list[AdjustmentOut]


class AssessmentGroupOut(Schema):
    code: str
    name: str
    results: list[ResultOut]


class AssessmentOut(Schema):
    """A run's results: per group, each unit's total (two decimals), rank, veto, list and every
    item with its explanation. Units see only their own row."""

    scheme: str
    scheme_version: int
    period: str
    period_label: str
    status: str
    objection_until: str
    revision: int
    sha256: str | None
    groups: list[AssessmentGroupOut]


@router.get(
    "/{scheme}/{period}",
    response={200: AssessmentOut, 404: ErrorOut},
    summary="考核结果",
)
def assessment(request: HttpRequest, scheme: str, period: str) -> Any:
    """``scheme``: the scheme's id or name; ``period``: 2026-Q1, 2026 or 2026-03."""
    user = request.auth
    try:
        run = queries.find_run(user, scheme, period)
    except PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    if run is None:
        return 404, {"detail": "未找到该考核结果,或不在您的数据范围内"}
    return 200, document.build(run, list(queries.results_for(user, run)))
