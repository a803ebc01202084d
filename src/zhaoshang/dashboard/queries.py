"""The leaders' dashboard, read from the bulletin's own query layer (``bulletins.queries.gather``
→ ``bulletins.compute.compute``, through the pages' cache ``bulletins.cache``), so the dashboard
and the bulletin cannot disagree. Casework lights and inspection filings come from those apps'
queries, scoped to the reader."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zhaoshang.bulletins import cache as bulletin_cache
from zhaoshang.bulletins import queries as bulletin_queries
from zhaoshang.bulletins.compute import (
    NEGOTIATING_ONLY,
    NO_ACTION,
    NOT_REPORTED,
    RESULTS,
    STATUSES,
    Bulletin,
    UnitRow,
)
from zhaoshang.casework import queries as casework_queries
from zhaoshang.casework.models import Light
from zhaoshang.core.periods import Period
from zhaoshang.core.permissions import require_role
from zhaoshang.inspections import queries as inspection_queries
from zhaoshang.inspections.models import Filing
from zhaoshang.meetings.resolutions import open_and_overdue
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.projects.models import Project, Stage

DASHBOARD_ROLES = (Role.BUREAU, Role.LEADER, Role.AUDITOR)
STATUS_LABELS = {
    RESULTS: "有实绩",
    NEGOTIATING_ONLY: "仅有洽谈项目",
    NO_ACTION: "无实绩无洽谈",
    NOT_REPORTED: "未报送",
}


def reader(user: Any) -> User:
    """Bureau, leaders, auditors and admins read the dashboard; units read their bulletin."""
    return require_role(user, *DASHBOARD_ROLES, message="领导驾驶舱仅对招商局、区领导和审计员开放")


@dataclass(frozen=True)
class Dashboard:
    district: Unit
    period: Period
    periods: list[Period]
    bulletin: Bulletin
    last_year_monthly: tuple[Decimal, ...]
    casework_lights: dict[str, int]
    inspections: dict[str, int]
    resolutions_open: int = 0
    resolutions_overdue: int = 0

    @property
    def totals(self) -> Any:
        return self.bulletin.totals

    def rows(self) -> list[UnitRow]:
        return [row for group in self.bulletin.groups for row in group.units]

    def units_with_status(self, status: str) -> list[UnitRow]:
        return [row for row in self.rows() if row.status == status]

    def status_counts(self) -> list[tuple[str, str, int]]:
        return [(code, STATUS_LABELS[code], len(self.units_with_status(code))) for code in STATUSES]

    def pipeline(self) -> list[tuple[str, str, int]]:
        counts = dict(self.totals.projects.by_stage)
        return [(stage.value, str(stage.label), counts.get(stage.value, 0)) for stage in Stage]


def district_of(user: User) -> Unit:
    district = bulletin_queries.district_for(user)
    if district is None:
        raise Http404(_("您所在单位不属于任何县区"))
    return district


def casework_lights(user: Any) -> dict[str, int]:
    rows = (
        casework_queries.visible_cases(user)
        .open()
        .values("light")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {light.value: 0 for light in Light}
    counts.update({r["light"]: r["n"] for r in rows})
    return counts


def inspection_counts(user: Any, period: Period) -> dict[str, int]:
    rows = (
        inspection_queries.filings_for(user)
        .filter(planned_date__year=period.year, planned_date__month=period.month)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {status.value: 0 for status in Filing.Status}
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def dashboard(user: Any, period: Period | None = None, *, panels: bool = True) -> Dashboard | None:
    """The dashboard for ``period`` (default: the bulletin's latest); None when no period.
    ``panels=False`` leaves out casework, inspections and resolutions (the drill-down pages need
    the bulletin's figures only)."""
    person = reader(user)
    district = district_of(person)
    periods = bulletin_queries.periods_of(district)
    chosen = period or bulletin_queries.latest_period(district)
    if chosen is None:
        return None
    try:
        computed = bulletin_cache.computed_for(district, chosen)
    except bulletin_queries.NoBulletinData as exc:
        raise Http404(str(exc)) from exc
    open_, overdue = open_and_overdue(person, timezone.localdate()) if panels else (0, 0)
    return Dashboard(
        resolutions_open=open_,
        resolutions_overdue=overdue,
        district=district,
        period=chosen,
        periods=periods,
        bulletin=computed.bulletin,
        last_year_monthly=computed.last_year_monthly,
        casework_lights=casework_lights(person) if panels else {},
        inspections=inspection_counts(person, chosen) if panels else {},
    )


@dataclass(frozen=True)
class ProjectsBehind:
    """The projects behind the pipeline bar of ``stage`` (their stage at the period's end), or,
    without a stage, behind the key figure 各类招商引资项目 (the counted ones)."""

    district: Unit
    period: Period
    stage: str
    label: str
    projects: QuerySet[Project]


def projects_behind(user: Any, period: Period, stage: str = "") -> ProjectsBehind:
    """The same query as the bulletin's project counts (``bulletins.queries.district_projects``),
    so the list has exactly the projects the chart counted; scoped to the reader."""
    person = reader(user)
    district = district_of(person)
    if period not in bulletin_queries.periods_of(district):
        raise Http404(_("本县区没有 %(period)s 的填报期") % {"period": period.label()})
    projects = bulletin_queries.district_projects(district, period).visible_to(person)
    if stage:
        if stage not in Stage.values:
            raise Http404(_("未知的项目阶段:%(stage)s") % {"stage": stage})
        projects = projects.filter(stage_end=stage)
        label = str(Stage(stage).label)
    else:
        projects = projects.filter(bulletin_queries.counted_q(period))
        label = _("各类招商引资项目")
    return ProjectsBehind(
        district=district,
        period=period,
        stage=stage,
        label=label,
        projects=projects.select_related("lead_unit").order_by("lead_unit__sort_order", "code"),
    )
