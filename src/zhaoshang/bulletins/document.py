"""The bulletin as a JSON document (the API and ``zhaoshang bulletin --format json`` share it).

Encoding (docs/bulletin.md): amounts are strings in 万元 with exactly two decimals, rounded
half-up from the unrounded yuan; percentages and percentage points likewise strings with two
decimals; counts and ranks are integers; anything that does not apply is ``null``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from zhaoshang.bulletins.compute import Bulletin, Funds, ProjectCounts, UnitRow
from zhaoshang.bulletins.narrative import paragraphs, service_paragraph
from zhaoshang.bulletins.service import ServiceSection
from zhaoshang.core.money import WAN, round_half_up
from zhaoshang.trade.figures import Counted, TradeSection, wan_usd_fixed


def wan(yuan: Decimal | None) -> str | None:
    return None if yuan is None else str(round_half_up(yuan / WAN, 2))


def pct(value: Decimal | None) -> str | None:
    return None if value is None else str(round_half_up(value, 2))


def _funds(funds: Funds) -> dict[str, str | None]:
    return {
        "within_province": wan(funds.within_province),
        "outside_province": wan(funds.outside_province),
        "abroad": wan(funds.abroad),
    }


def _stages(projects: ProjectCounts) -> dict[str, int]:
    return dict(projects.by_stage)


def unit_row(row: UnitRow) -> dict[str, Any]:
    return {
        "unit": row.name,
        "code": row.code,
        "status": row.status,
        "rank": row.rank,
        "outside_funds_wan_yuan": wan(row.funds_ytd.total),
        "target_wan_yuan": wan(row.target),
        "completion_pct": pct(row.completion_pct),
        "gap_pp": pct(row.gap_pp),
        "funds_by_source_wan_yuan": _funds(row.funds_ytd),
        "month_funds_wan_yuan": wan(row.funds_month),
        "month_on_month_wan_yuan": wan(row.month_on_month),
        "projects": row.projects.counted,
        "projects_new": row.projects.new,
        "projects_continuing": row.projects.continuing,
        "projects_negotiating": row.projects.negotiating,
        "projects_by_stage": _stages(row.projects),
    }


def _counted(item: Counted) -> dict[str, Any]:
    return {
        "indicator": item.code,
        "name": item.name,
        "count": item.count,
        "series": [
            {
                "period": str(p.period),
                "count": p.value,
                "indicator": p.code,
                "name": p.name,
                "definition_changed": p.changed,
            }
            for p in item.series
        ],
    }


def trade_document(trade: TradeSection | None) -> dict[str, Any] | None:
    """``totals.trade``: amounts in 万美元 (strings, two decimals), counts named by definition."""
    if trade is None:
        return None
    return {
        "total_wan_usd": wan_usd_fixed(trade.total_usd),
        "exports_wan_usd": wan_usd_fixed(trade.exports_usd),
        "imports_wan_usd": wan_usd_fixed(trade.imports_usd),
        "month_total_wan_usd": wan_usd_fixed(trade.month_total_usd),
        "month_on_month_pct": pct(trade.month_on_month_pct),
        "year_on_year_pct": pct(trade.year_on_year_pct),
        "target_wan_usd": wan_usd_fixed(trade.target_usd),
        "completion_pct": pct(trade.completion_pct),
        "monthly_total_wan_usd": [wan_usd_fixed(v) for v in trade.monthly_total_usd],
        "new_traders": _counted(trade.new_traders),
        "new_fies": _counted(trade.new_fies),
        "units": [
            {
                "unit": u.name,
                "code": u.code,
                "total_wan_usd": wan_usd_fixed(u.total_usd),
                "exports_wan_usd": wan_usd_fixed(u.exports_usd),
                "share_pct": pct(u.share_pct),
                "target_wan_usd": wan_usd_fixed(u.target_usd),
                "completion_pct": pct(u.completion_pct),
                "rank": u.rank,
            }
            for u in trade.units
        ],
    }


def service_document(section: ServiceSection | None) -> dict[str, Any] | None:
    """``service``: year-to-date counts for the district and per unit (units with any figure);
    rates as percentage strings, ``null`` when nothing was completed or rated."""
    if section is None:
        return None
    return {
        "paragraph": service_paragraph(section),
        "cases_received": section.cases_received,
        "cases_completed": section.cases_completed,
        "cases_on_time_pct": pct(section.on_time_pct),
        "cases_satisfaction_pct": pct(section.satisfaction_pct),
        "cases_missed": section.cases_missed,
        "cases_escalated": section.cases_escalated,
        "inspections_filed": section.inspections_filed,
        "inspections_merged": section.inspections_merged,
        "inspections_refused": section.inspections_refused,
        "inspections_rated": section.inspections_rated,
        "inspections_unfiled": section.inspections_unfiled,
        "resolutions_decided": section.resolutions_decided,
        "resolutions_closed": section.resolutions_closed,
        "resolutions_closed_late": section.resolutions_closed_late,
        "resolutions_open": section.resolutions_open,
        "resolutions_overdue": section.resolutions_overdue,
        "units": [
            {
                "unit": u.name,
                "cases_received": u.cases_received,
                "cases_completed": u.cases_completed,
                "cases_on_time_pct": pct(u.on_time_pct),
                "cases_satisfaction_pct": pct(u.satisfaction_pct),
                "cases_missed": u.cases_missed,
                "inspections_filed": u.inspections_filed,
                "inspections_unfiled": u.inspections_unfiled,
                "resolutions_open": u.resolutions_open,
                "resolutions_overdue": u.resolutions_overdue,
            }
            for u in section.units
        ],
    }


def _names(rows: tuple[UnitRow, ...]) -> list[str]:
    return [row.name for row in rows]


def build_document(bulletin: Bulletin) -> dict[str, Any]:
    totals = bulletin.totals
    return {
        "period": str(bulletin.period),
        "district": bulletin.district_name,
        "totals": {
            "projects": totals.projects.counted,
            "projects_new": totals.projects.new,
            "projects_continuing": totals.projects.continuing,
            "projects_negotiating": totals.projects.negotiating,
            "projects_by_stage": _stages(totals.projects),
            "outside_funds_wan_yuan": wan(totals.funds_ytd.total),
            "funds_by_source_wan_yuan": _funds(totals.funds_ytd),
            "month_funds_wan_yuan": wan(totals.funds_month),
            "month_on_month_wan_yuan": wan(totals.month_on_month),
            "month_on_month_pct": pct(totals.month_on_month_pct),
            "year_on_year_pct": pct(totals.year_on_year_pct),
            "target_wan_yuan": wan(totals.target),
            "completion_pct": pct(totals.completion_pct),
            "time_progress_pct": pct(totals.time_progress_pct),
            "gap_pp": pct(totals.gap_pp),
            "city_rank": totals.city_rank,
            "monthly_funds_wan_yuan": [wan(v) for v in totals.monthly_funds],
            "trade": trade_document(bulletin.trade),
        },
        "groups": [
            {
                "name": group.name,
                "code": group.code,
                "outside_funds_wan_yuan": wan(group.funds_ytd.total),
                "projects": group.projects.counted,
                "units": [unit_row(row) for row in group.units],
            }
            for group in bulletin.groups
        ],
        "lists": {
            "fastest": _names(bulletin.lists.fastest),
            "no_results": _names(bulletin.lists.no_results),
            "negotiating_only": _names(bulletin.lists.negotiating_only),
            "not_reported": _names(bulletin.lists.not_reported),
            "behind": _names(bulletin.lists.behind),
        },
        "narrative": paragraphs(bulletin),
        "service": service_document(bulletin.service),
    }
