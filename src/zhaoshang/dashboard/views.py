"""The leaders' dashboard: bureau, leaders, auditors and admins. Units are refused (403) and
read their own figures in the bulletin."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from zhaoshang.bulletins import cache as bulletin_cache
from zhaoshang.bulletins.compute import STATUSES
from zhaoshang.core.periods import Period, PeriodError
from zhaoshang.core.replica import reads_from_replica
from zhaoshang.dashboard import queries
from zhaoshang.dashboard.charts import chart_data
from zhaoshang.projects.models import Stage


def _period(year: int, month: int) -> Period:
    try:
        return Period(year, month)
    except PeriodError as exc:
        raise Http404(str(exc)) from exc


def _chart(board: queries.Dashboard) -> dict[str, Any]:
    """The charts follow from the bulletin (and the district's periods) alone, whoever reads them:
    kept in the cache beside the bulletin, made from the bulletin of the cache's generation."""

    def make(computed: bulletin_cache.Computed) -> dict[str, Any]:
        return chart_data(
            replace(board, bulletin=computed.bulletin, last_year_monthly=computed.last_year_monthly)
        )

    return bulletin_cache.derived(board.district, board.period, "dashboard-chart", make)


def _page(request: HttpRequest, period: Period | None) -> HttpResponse:
    board = queries.dashboard(request.user, period)
    context = {"board": board, "chart": _chart(board) if board else None}
    return render(request, "dashboard/index.html", context)


@login_required
@require_GET
@reads_from_replica
def index(request: HttpRequest) -> HttpResponse:
    return _page(request, None)


@login_required
@require_GET
@reads_from_replica
def detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    return _page(request, _period(year, month))


@login_required
@require_GET
@reads_from_replica
def status(request: HttpRequest, year: int, month: int, status: str) -> HttpResponse:
    """The units behind one slice of "units by status", each linked to its bulletin drill-down."""
    if status not in STATUSES:
        raise Http404
    board = queries.dashboard(request.user, _period(year, month), panels=False)
    if board is None:
        raise Http404
    context = {
        "board": board,
        "status": status,
        "label": queries.STATUS_LABELS[status],
        "rows": board.units_with_status(status),
    }
    return render(request, "dashboard/status.html", context)


@login_required
@require_GET
@reads_from_replica
def projects(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """The projects behind the pipeline chart (``?stage=``, stage at the period's end) or behind
    the key figure of counted projects (no stage), each linked to its project page."""
    behind = queries.projects_behind(
        request.user, _period(year, month), request.GET.get("stage", "")
    )
    stages = dict(Stage.choices)
    rows = [(p, stages.get(p.stage_end, p.stage_end)) for p in behind.projects]
    return render(request, "dashboard/projects.html", {"behind": behind, "rows": rows})
