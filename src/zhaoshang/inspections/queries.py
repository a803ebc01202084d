"""Reads behind the inspections pages. Scope always through ``visible_to``; statistics aggregate
in the database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Avg, Count, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.shortcuts import get_object_or_404
from django.urls import reverse

from zhaoshang.core.permissions import is_bureau
from zhaoshang.inspections.models import (
    Enterprise,
    Filing,
    Protection,
    UnfiledReport,
)
from zhaoshang.org.models import UNIT_ROLES, Role, Unit
from zhaoshang.projects.models import Project


def enterprises_for(user: Any, q: str = "") -> QuerySet[Enterprise]:
    rows = Enterprise.objects.visible_to(user).select_related("responsible_unit")
    if q.strip():
        term = q.strip()
        rows = rows.filter(Q(name__icontains=term) | Q(uscc__icontains=term.upper()))
    return rows


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
    rows = Protection.objects.filter(
        Q(enterprise=e) | Q(project__investor__uscc=e.uscc)
    ).select_related("rule", "project")
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


# Extension point: casework (cases, free agency service) and trade append their own sources
# here, each a function (user, enterprise) → entries, scoped by that app's own visible_to.
TIMELINE_SOURCES: list[TimelineSource] = [_projects, _protections, _filings]


def timeline(user: Any, enterprise: Enterprise) -> list[TimelineEntry]:
    entries = [entry for source in TIMELINE_SOURCES for entry in source(user, enterprise)]
    return sorted(entries, key=lambda e: e.on, reverse=True)


# --- Protection -----------------------------------------------------------------------------


def protections_for(user: Any) -> QuerySet[Protection]:
    return Protection.objects.visible_to(user).select_related(
        "enterprise", "project", "rule", "unit"
    )


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
    """Per enterprise: inspections filed, from how many departments, merged, average rating."""
    return list(
        filings_for(user)
        .filter(_month_filter(year, month))
        .values("enterprise", "enterprise__name", "enterprise__uscc")
        .annotate(
            filed=Count("pk", filter=Q(status=Filing.Status.FILED)),
            departments=Count("department", distinct=True),
            merged=Count("pk", filter=Q(joint_visit__isnull=False)),
            refused=Count("pk", filter=Q(status=Filing.Status.REFUSED)),
            rated=Count("rating"),
            avg_rating=Avg("rating__score"),
        )
        .order_by("-filed", "enterprise__name")
    )


def unfiled_by_department(district: Unit, start: date, end: date) -> dict[int, int]:
    """Per department of ``district``: reports of inspections it made without filing, between
    the two dates (an assessment measure, in one grouped query)."""
    rows = (
        UnfiledReport.objects.filter(
            department__parent=district, happened_on__gte=start, happened_on__lte=end
        )
        .values("department")
        .annotate(n=Count("pk"))
    )
    return {row["department"]: row["n"] for row in rows}
