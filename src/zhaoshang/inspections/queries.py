"""Reads behind the inspections pages. Scope always through ``visible_to``; statistics aggregate
in the database."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth, ExtractYear
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from zhaoshang.casework import queries as casework_queries
from zhaoshang.core.money import format_wan
from zhaoshang.core.permissions import is_bureau
from zhaoshang.inspections.models import (
    Enterprise,
    Filing,
    Protection,
    UnfiledReport,
)
from zhaoshang.org.models import UNIT_ROLES, Role, Unit
from zhaoshang.projects.models import Project
from zhaoshang.trade.models import ForeignInvestment, TradeFigure


def enterprises_for(
    user: Any, q: str = "", *, unit: Unit | None = None, status: str = ""
) -> QuerySet[Enterprise]:
    """The register in the user's scope, searched by name or USCC and filtered by responsible
    unit and status (filters outside scope simply find nothing)."""
    rows = Enterprise.objects.visible_to(user).select_related("responsible_unit")
    if q.strip():
        term = q.strip()
        rows = rows.filter(Q(name__icontains=term) | Q(uscc__icontains=term.upper()))
    if unit is not None:
        rows = rows.filter(responsible_unit=unit)
    if status:
        rows = rows.filter(status=status)
    return rows.order_by("name", "pk")


def filter_units(user: Any) -> QuerySet[Unit]:
    """Units offered in the lists' filters: those the user can see."""
    return Unit.objects.visible_to(user).filter(kind=Unit.Kind.UNIT).order_by("sort_order", "pk")


def enterprise_for(user: Any, pk: int) -> Enterprise:
    return get_object_or_404(Enterprise.objects.visible_to(user), pk=pk)


def editable_enterprise_for(user: Any, pk: int) -> Enterprise:
    """An enterprise the user may change; one outside scope is a 404, never a hint."""
    return get_object_or_404(Enterprise.objects.editable_by(user), pk=pk)


def can_edit_enterprise(user: Any, enterprise: Enterprise) -> bool:
    return Enterprise.objects.editable_by(user).filter(pk=enterprise.pk).exists()


def protectable_projects(user: Any) -> QuerySet[Project]:
    """Projects the bureau may list (its district's), key projects first."""
    return (
        Project.objects.visible_to(user)
        .exclude(stage__in=["dropped"])
        .select_related("investor")
        .order_by("-is_key", "-planned_investment_yuan")
    )


def can_register_enterprise(user: Any) -> bool:
    return Unit.objects.editable_by(user).filter(kind=Unit.Kind.UNIT).exists()


def responsible_unit_choices(user: Any) -> QuerySet[Unit]:
    return Unit.objects.editable_by(user).filter(kind=Unit.Kind.UNIT, active=True)


# --- The enterprise timeline ----------------------------------------------------------------


@dataclass(frozen=True)
class TimelineEntry:
    on: date
    kind: str
    text: str
    url: str = ""


TimelineSource = Callable[[Any, Enterprise], list[TimelineEntry]]


def _projects(user: Any, e: Enterprise) -> list[TimelineEntry]:
    rows = Project.objects.visible_to(user).filter(investor__uscc=e.uscc)
    return [
        TimelineEntry(
            p.start_date,
            "项目",
            f"{p.name}({p.get_stage_display()},{p.lead_unit})",
            reverse("projects:detail", args=[p.pk]),
        )
        for p in rows.select_related("lead_unit")
    ]


def _protections(user: Any, e: Enterprise) -> list[TimelineEntry]:
    """The enterprise's own listings (whoever sees the enterprise may know it is protected), and
    listings of its projects the user can see."""
    projects = Project.objects.visible_to(user).filter(investor__uscc=e.uscc)
    rows = Protection.objects.filter(Q(enterprise=e) | Q(project__in=projects)).select_related(
        "rule", "project"
    )
    out = []
    for p in rows:
        what = f"项目“{p.project}”" if p.project_id else "企业"
        text = f"{what}挂牌保护至 {p.ends_on.isoformat()}({p.rule.name}:{p.reason})"
        if p.status == Protection.Status.REMOVED:
            text += f";已摘牌:{p.removed_reason}"
        out.append(TimelineEntry(p.starts_on, "挂牌保护", text))
    return out


def _filings(user: Any, e: Enterprise) -> list[TimelineEntry]:
    rows = filings_for(user).filter(enterprise=e).select_related("rating")
    out = []
    for f in rows:
        text = f"{f.department} {f.get_kind_display()}:{f.matter}({f.get_status_display()})"
        if f.joint_visit_id:
            text += ",综合查一次"
        rating = getattr(f, "rating", None)
        if rating is not None:
            text += f";企业评价 {rating.score} 分"
        url = reverse("inspections:filing", args=[f.pk])
        out.append(TimelineEntry(f.planned_date, "检查", text, url))
    return out


def _unfiled_reports(user: Any, e: Enterprise) -> list[TimelineEntry]:
    rows = UnfiledReport.objects.visible_to(user).filter(enterprise=e).select_related("department")
    out = []
    for r in rows:
        text = f"反映 {r.department} 未备案检查"
        if r.case_ref:
            text += f"(转为诉求,查询码 {r.case_ref})"
        out.append(TimelineEntry(r.happened_on, "未备案检查举报", text))
    return out


def _cases(user: Any, e: Enterprise) -> list[TimelineEntry]:
    rows = casework_queries.visible_cases(user).filter(uscc=e.uscc)
    return [
        TimelineEntry(
            timezone.localtime(c.received_at).date(),
            "诉求",
            f"{c.title}({c.get_category_display()},{c.get_status_display()},承办:{c.owner_unit})",
            reverse("casework:detail", args=[c.pk]),
        )
        for c in rows
    ]


def _agency(user: Any, e: Enterprise) -> list[TimelineEntry]:
    rows = casework_queries.agency_assignments(user).filter(project__investor__uscc=e.uscc)
    out = []
    for a in rows:
        text = f"帮办代办:项目“{a.project}”,代办员 {a.agent},已办审批事项 {a.n_records} 件"
        if a.n_breaches:
            text += f",其中 {a.n_breaches} 件收费(违反免费规定)"
        if not a.active:
            text += ",已结束"
        out.append(
            TimelineEntry(a.assigned_on, "帮办代办", text, reverse("casework:ledger", args=[a.pk]))
        )
    return out


def _trade(user: Any, e: Enterprise) -> list[TimelineEntry]:
    """One entry a year: the current figures summed in the database, dated at the last month."""
    years = (
        TradeFigure.objects.visible_to(user)
        .current()
        .filter(enterprise=e)
        .values("year")
        .annotate(
            first=Min("month"),
            last=Max("month"),
            total=Sum("total_usd"),
            exports=Sum("exports_usd"),
        )
        .order_by("year")
    )
    out = []
    for y in years:
        end = date(y["year"], y["last"], monthrange(y["year"], y["last"])[1])
        months = f"{y['first']}–{y['last']}" if y["first"] != y["last"] else f"{y['last']}"
        text = (
            f"{y['year']}年{months}月进出口 {format_wan(y['total'])} 万美元"
            f"(出口 {format_wan(y['exports'])} 万美元)"
        )
        out.append(TimelineEntry(end, "外贸", text))
    for fdi in ForeignInvestment.objects.visible_to(user).filter(enterprise=e):
        text = (
            f"设立外商投资企业(投资方:{fdi.investor_region},合同外资 "
            f"{format_wan(fdi.contracted_usd)} 万美元,实际使用 {format_wan(fdi.used_usd)} 万美元)"
        )
        out.append(TimelineEntry(fdi.established_on, "外资", text))
    return out


# Every source is a function (user, enterprise) → entries, scoped by the owning app's own
# visible_to (or its queries); another app adds its records by appending a source here.
TIMELINE_SOURCES: list[TimelineSource] = [
    _projects,
    _protections,
    _filings,
    _unfiled_reports,
    _cases,
    _agency,
    _trade,
]


def timeline(user: Any, enterprise: Enterprise) -> list[TimelineEntry]:
    entries = [entry for source in TIMELINE_SOURCES for entry in source(user, enterprise)]
    return sorted(entries, key=lambda e: e.on, reverse=True)


# --- Protection -----------------------------------------------------------------------------


def protections_for(user: Any) -> QuerySet[Protection]:
    return Protection.objects.visible_to(user).select_related(
        "enterprise", "project", "rule", "unit"
    )


def protection_list(
    user: Any, *, q: str = "", status: str = "", today: date
) -> QuerySet[Protection]:
    """The protection list, searched by enterprise or project name (or the enterprise's USCC);
    ``status`` is "active" (listed and in period on ``today``), "listed", "removed" or ""."""
    rows = protections_for(user)
    if q.strip():
        term = q.strip()
        rows = rows.filter(
            Q(enterprise__name__icontains=term)
            | Q(enterprise__uscc__icontains=term.upper())
            | Q(project__name__icontains=term)
        )
    if status == "active":
        rows = rows.active_on(today)
    elif status:
        rows = rows.filter(status=status)
    return rows.order_by("-starts_on", "pk")


def protection_for(user: Any, pk: int) -> Protection:
    return get_object_or_404(protections_for(user), pk=pk)


def public_protection_list(today: date) -> QuerySet[Protection]:
    return (
        Protection.objects.active_on(today)
        .select_related("enterprise", "project", "rule", "unit")
        .order_by("unit__sort_order", "pk")
    )


# --- Filings --------------------------------------------------------------------------------


def filings_for(user: Any) -> QuerySet[Filing]:
    return Filing.objects.visible_to(user).select_related("enterprise", "department", "joint_visit")


def filing_list(
    user: Any,
    *,
    q: str = "",
    status: str = "",
    kind: str = "",
    department: Unit | None = None,
    month: tuple[int, int] | None = None,
) -> QuerySet[Filing]:
    """Filings in scope, searched by enterprise name, USCC, matter or code, and filtered."""
    rows = filings_for(user)
    if q.strip():
        term = q.strip()
        rows = rows.filter(
            Q(enterprise__name__icontains=term)
            | Q(enterprise__uscc__icontains=term.upper())
            | Q(matter__icontains=term)
            | Q(code__icontains=term.upper())
        )
    if status:
        rows = rows.filter(status=status)
    if kind:
        rows = rows.filter(kind=kind)
    if department is not None:
        rows = rows.filter(department=department)
    if month is not None:
        rows = rows.filter(_month_filter(*month))
    return rows.order_by("-planned_date", "-pk")


def filing_for(user: Any, pk: int) -> Filing:
    return get_object_or_404(filings_for(user), pk=pk)


def can_file(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and user.unit_id
        and (user.role in UNIT_ROLES or user.role == Role.ADMIN)
    )


def pending_approvals(user: Any) -> QuerySet[Filing]:
    if not is_bureau(user):
        return Filing.objects.none()
    return filings_for(user).filter(status=Filing.Status.PENDING)


@dataclass(frozen=True)
class MergeProposal:
    enterprise: Enterprise
    year: int
    month: int
    filings: list[Filing]


def merge_proposals(user: Any) -> list[MergeProposal]:
    """Accepted, unmerged plans of two or more departments for one enterprise in one month."""
    if not is_bureau(user):
        return []
    open_plans = filings_for(user).filter(status=Filing.Status.FILED, joint_visit__isnull=True)
    groups = (
        open_plans.annotate(y=ExtractYear("planned_date"), m=ExtractMonth("planned_date"))
        .values("enterprise", "y", "m")
        .annotate(departments=Count("department", distinct=True))
        .filter(departments__gte=2)
        .order_by("y", "m", "enterprise")
    )
    out = []
    for g in groups:
        plans = list(
            open_plans.filter(
                enterprise=g["enterprise"], planned_date__year=g["y"], planned_date__month=g["m"]
            ).order_by("planned_date")
        )
        out.append(MergeProposal(plans[0].enterprise, g["y"], g["m"], plans))
    return out


# --- Monthly statistics ---------------------------------------------------------------------


def _month_filter(year: int, month: int, field: str = "planned_date") -> Q:
    return Q(**{f"{field}__year": year, f"{field}__month": month})


def monthly_by_department(user: Any, year: int, month: int) -> list[dict[str, Any]]:
    """Per department: filed, merged, refused, rated, average rating, unfiled reports."""
    rows = (
        filings_for(user)
        .filter(_month_filter(year, month))
        .values("department", "department__name")
        .annotate(
            filed=Count("pk", filter=Q(status=Filing.Status.FILED)),
            pending=Count("pk", filter=Q(status=Filing.Status.PENDING)),
            merged=Count("pk", filter=Q(joint_visit__isnull=False)),
            refused=Count("pk", filter=Q(status=Filing.Status.REFUSED)),
            rated=Count("rating"),
            avg_rating=Avg("rating__score"),
        )
        .order_by("department__sort_order")
    )
    table: dict[int, dict[str, Any]] = {
        r["department"]: {**r, "name": r["department__name"], "unfiled": 0} for r in rows
    }
    unfiled = (
        UnfiledReport.objects.visible_to(user)
        .filter(_month_filter(year, month, "happened_on"))
        .values("department", "department__name")
        .annotate(n=Count("pk"))
    )
    for u in unfiled:
        row = table.setdefault(
            u["department"],
            {
                "department": u["department"],
                "name": u["department__name"],
                "filed": 0,
                "pending": 0,
                "merged": 0,
                "refused": 0,
                "rated": 0,
                "avg_rating": None,
            },
        )
        row["unfiled"] = u["n"]
    return list(table.values())


def monthly_by_enterprise(user: Any, year: int, month: int) -> list[dict[str, Any]]:
    """Per enterprise: inspections filed, pending, from how many departments, merged, refused,
    rated, average rating, and reports of unfiled inspections (those naming an enterprise not in
    the register are grouped under the name given)."""
    rows = (
        filings_for(user)
        .filter(_month_filter(year, month))
        .values("enterprise", "enterprise__name", "enterprise__uscc")
        .annotate(
            filed=Count("pk", filter=Q(status=Filing.Status.FILED)),
            pending=Count("pk", filter=Q(status=Filing.Status.PENDING)),
            departments=Count("department", distinct=True),
            merged=Count("pk", filter=Q(joint_visit__isnull=False)),
            refused=Count("pk", filter=Q(status=Filing.Status.REFUSED)),
            rated=Count("rating"),
            avg_rating=Avg("rating__score"),
        )
    )
    table: dict[Any, dict[str, Any]] = {r["enterprise"]: {**r, "unfiled": 0} for r in rows}
    unfiled = (
        UnfiledReport.objects.visible_to(user)
        .filter(_month_filter(year, month, "happened_on"))
        .values("enterprise", "enterprise__name", "enterprise__uscc", "enterprise_name", "uscc")
        .annotate(n=Count("pk"))
    )
    for u in unfiled:
        key = u["enterprise"] or ("name", u["enterprise_name"])
        row = table.setdefault(
            key,
            {
                "enterprise": u["enterprise"],
                "enterprise__name": u["enterprise__name"] or u["enterprise_name"],
                "enterprise__uscc": u["enterprise__uscc"] or u["uscc"],
                "filed": 0,
                "pending": 0,
                "departments": 0,
                "merged": 0,
                "refused": 0,
                "rated": 0,
                "avg_rating": None,
                "unfiled": 0,
            },
        )
        row["unfiled"] += u["n"]
    return sorted(table.values(), key=lambda r: (-r["filed"], -r["unfiled"], r["enterprise__name"]))


def unfiled_in(district: Unit, start: date, end: date) -> QuerySet[UnfiledReport]:
    """Reports of inspections made without filing by departments of ``district``, between the
    two dates (an automatic assessment deduction candidate each, once)."""
    return UnfiledReport.objects.filter(
        department__parent=district, happened_on__gte=start, happened_on__lte=end
    ).order_by("happened_on", "pk")
