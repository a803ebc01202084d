"""The dashboard's chart data: figures from the bulletin plus, for every point, the link that
drills down to the units or projects behind it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from zhaoshang.bulletins.document import pct, wan
from zhaoshang.core.periods import Period
from zhaoshang.dashboard.queries import Dashboard


def _projects_url(period: Period, **params: Any) -> str:
    """The dashboard's list of the projects behind a figure, at the period's end."""
    url = reverse("dashboard:projects", args=[period.year, period.month])
    return f"{url}?{urlencode(params)}" if params else url


def chart_data(board: Dashboard) -> dict[str, Any]:
    period = board.period
    known = set(board.periods)
    months = range(1, 13)
    this_year = list(board.totals.monthly_funds)
    return {
        "months": [f"{m}月" for m in months],
        "trend": {
            "this_year": [wan(v) for v in this_year] + [None] * (12 - len(this_year)),
            "last_year": [wan(v) for v in board.last_year_monthly],
            "names": [f"{period.year}年", f"{period.year - 1}年"],
            "links": [
                reverse("bulletins:detail", args=[period.year, m]) if m <= period.month else ""
                for m in months
            ],
            # Last year's line: that month's bulletin, where the district had the period.
            "last_year_links": [
                reverse("bulletins:detail", args=[period.year - 1, m])
                if Period(period.year - 1, m) in known
                else ""
                for m in months
            ],
        },
        "groups": [
            {
                "name": group.name,
                "units": [row.name for row in group.units if row.completion_pct is not None],
                "completion": [
                    pct(row.completion_pct) for row in group.units if row.completion_pct is not None
                ],
                "links": [
                    reverse("bulletins:drilldown", args=[period.year, period.month, row.code])
                    for row in group.units
                    if row.completion_pct is not None
                ],
            }
            for group in board.bulletin.groups
        ],
        "pipeline": [
            {"name": label, "value": count, "link": _projects_url(period, stage=code)}
            for code, label, count in board.pipeline()
        ],
        "statuses": [
            {
                "name": label,
                "value": count,
                "link": reverse("dashboard:status", args=[period.year, period.month, code]),
            }
            for code, label, count in board.status_counts()
        ],
    }
