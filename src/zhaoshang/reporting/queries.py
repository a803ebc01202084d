"""Read side of monthly reporting: period lists, the status board, a return with last month's
figures, and what each person has to do this month. Every query starts from a scoped queryset
(``visible_to``) and counts in the database."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zhaoshang.org.models import DISTRICT_READ_ROLES, UNIT_ROLES, Role, Unit, User
from zhaoshang.reporting.models import ReportingPeriod, ReturnLine, UnitReturn

MISSING = "missing"
DONE = [UnitReturn.Status.SUBMITTED, UnitReturn.Status.VERIFIED]
BOARD_STATUSES = [
    (MISSING, _("未填报")),
    (UnitReturn.Status.DRAFT, _("草稿")),
    (UnitReturn.Status.SUBMITTED, _("已报送待审核")),
    (UnitReturn.Status.RETURNED, _("已退回")),
    (UnitReturn.Status.VERIFIED, _("已审核")),
]


def is_unit_person(user: Any) -> bool:
    return getattr(user, "role", "") in UNIT_ROLES


def sees_board(user: Any) -> bool:
    """Bureau, leaders, auditors and admins read the status board of their district."""
    return bool(
        getattr(user, "is_superuser", False)
        or getattr(user, "role", "") in DISTRICT_READ_ROLES | {Role.ADMIN}
    )


def period_for(user: User, pk: int) -> ReportingPeriod:
    """One period the user may see, or 404 (another district's period does not exist for them)."""
    return get_object_or_404(
        ReportingPeriod.objects.visible_to(user).select_related("district"), pk=pk
    )


def return_for(user: User, pk: int) -> UnitReturn:
    return get_object_or_404(
        UnitReturn.objects.visible_to(user).select_related("unit", "period", "submitted_by"),
        pk=pk,
    )


def _count(user: User, *statuses: str) -> Coalesce:
    returns = (
        UnitReturn.objects.visible_to(user)
        .filter(period=OuterRef("pk"), status__in=statuses)
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(returns, output_field=IntegerField()), Value(0))


def periods_for(user: User, *, open_only: bool = False) -> QuerySet[ReportingPeriod]:
    """Periods of the user's district, each with its return counts (and, for a unit's people,
    their own return's id and status)."""
    units = (
        Unit.objects.filter(parent=OuterRef("district"))
        .reporting()
        .order_by()
        .values("parent")
        .annotate(n=Count("pk"))
        .values("n")
    )
    qs = (
        ReportingPeriod.objects.visible_to(user)
        .select_related("district")
        .annotate(
            unit_count=Coalesce(Subquery(units, output_field=IntegerField()), Value(0)),
            submitted_count=_count(user, *DONE),
            waiting_count=_count(user, UnitReturn.Status.SUBMITTED),
            verified_count=_count(user, UnitReturn.Status.VERIFIED),
        )
        .annotate(missing_count=F("unit_count") - F("submitted_count"))
    )
    if open_only:
        qs = qs.filter(status=ReportingPeriod.Status.OPEN)
    if is_unit_person(user):
        mine = UnitReturn.objects.visible_to(user).filter(
            period=OuterRef("pk"), unit_id=user.unit_id
        )
        qs = qs.annotate(
            my_return_id=Subquery(mine.values("pk")[:1]),
            my_status=Coalesce(Subquery(mine.values("status")[:1]), Value(MISSING)),
        )
    return qs


def board(
    user: User,
    period: ReportingPeriod,
    *,
    status: str = "",
    group: str = "",
    late: bool = False,
) -> QuerySet[Unit]:
    """Every reporting unit of the period's district with its return's status (``missing`` when
    it has none), late flag, submission time and typing burden; filtered as asked."""
    returns = UnitReturn.objects.visible_to(user).filter(period=period, unit=OuterRef("pk"))
    overdue = timezone.localdate() > period.deadline
    qs = (
        Unit.objects.visible_to(user)
        .filter(parent_id=period.district_id)
        .reporting()
        .select_related("group")
        .annotate(
            return_id=Subquery(returns.values("pk")[:1]),
            return_status=Coalesce(Subquery(returns.values("status")[:1]), Value(MISSING)),
            submitted_at=Subquery(returns.values("submitted_at")[:1]),
            fields_typed=Subquery(returns.values("fields_typed")[:1]),
            late_submitted=Coalesce(
                Subquery(returns.values("late")[:1]), Value(False), output_field=BooleanField()
            ),
        )
        .annotate(
            is_late=Case(
                When(late_submitted=True, then=Value(True)),
                When(return_status__in=DONE, then=Value(False)),
                default=Value(overdue),
                output_field=BooleanField(),
            )
        )
        .order_by("group__sort_order", "sort_order", "code")
    )
    if status:
        qs = qs.filter(return_status=status)
    if group:
        qs = qs.filter(group__code=group)
    if late:
        qs = qs.filter(is_late=True)
    return qs


def board_groups(user: User, period: ReportingPeriod) -> QuerySet[Unit]:
    """(code, name) of the groups the period's reporting units fall in, for the filter."""
    return (
        Unit.objects.visible_to(user)
        .filter(parent_id=period.district_id)
        .reporting()
        .values_list("group__code", "group__name")
        .distinct()
        .order_by("group__code")
    )


@dataclass
class BoardCounts:
    total: int
    submitted: int
    waiting: int
    verified: int
    returned: int
    late: int
    not_submitted: int
    missing: int
    burden_avg: Decimal | None
    burden_total: int


def board_counts(user: User, period: ReportingPeriod) -> BoardCounts:
    rows = board(user, period).aggregate(
        total=Count("pk"),
        submitted=Count("pk", filter=Q(return_status__in=DONE)),
        waiting=Count("pk", filter=Q(return_status=UnitReturn.Status.SUBMITTED)),
        verified=Count("pk", filter=Q(return_status=UnitReturn.Status.VERIFIED)),
        returned=Count("pk", filter=Q(return_status=UnitReturn.Status.RETURNED)),
        missing=Count("pk", filter=Q(return_status=MISSING)),
        late=Count("pk", filter=Q(is_late=True)),
    )
    burden = (
        UnitReturn.objects.visible_to(user)
        .filter(period=period, status__in=DONE)
        .aggregate(avg=Avg("fields_typed"), total=Sum("fields_typed"))
    )
    avg = burden["avg"]
    return BoardCounts(
        total=rows["total"],
        submitted=rows["submitted"],
        waiting=rows["waiting"],
        verified=rows["verified"],
        returned=rows["returned"],
        late=rows["late"],
        not_submitted=rows["total"] - rows["submitted"],
        missing=rows["missing"],
        burden_avg=None if avg is None else Decimal(str(avg)).quantize(Decimal("0.1")),
        burden_total=burden["total"] or 0,
    )


@dataclass
class LineView:
    line: ReturnLine
    previous: ReturnLine | None


def previous_period(period: ReportingPeriod) -> tuple[int, int]:
    prev = period.period.previous()
    return prev.year, prev.month


def return_lines(user: User, unit_return: UnitReturn) -> list[LineView]:
    """The return's lines in display order, each with the same project's line from the unit's
    return for the previous month (for reference), when there is one."""
    year, month = previous_period(unit_return.period)
    earlier = UnitReturn.objects.visible_to(user).filter(
        unit_id=unit_return.unit_id,
        period__district_id=unit_return.period.district_id,
        period__year=year,
        period__month=month,
    )
    previous = {
        line.project_id: line
        for line in ReturnLine.objects.filter(unit_return__in=earlier.values("pk"))
    }
    lines = unit_return.lines.select_related("project").order_by("project__code", "pk")
    return [LineView(line=line, previous=previous.get(line.project_id)) for line in lines]


def return_totals(unit_return: UnitReturn) -> dict[str, Decimal]:
    totals = unit_return.lines.aggregate(
        within=Sum("funds_within_province_yuan"),
        outside=Sum("funds_outside_province_yuan"),
        abroad=Sum("funds_abroad_yuan"),
        investment=Sum("investment_completed_yuan"),
    )
    result = {k: v or Decimal(0) for k, v in totals.items()}
    result["funds"] = result["within"] + result["outside"] + result["abroad"]
    return result


@dataclass
class HomeSummary:
    role: str
    open_periods: list[ReportingPeriod] = field(default_factory=list)
    latest_period: ReportingPeriod | None = None
    today: date = field(default_factory=timezone.localdate)


def home_summary(user: User) -> HomeSummary:
    """What is the user's to do this month, by role."""
    role = "admin" if user.is_superuser else user.role
    summary = HomeSummary(role=role)
    if role in UNIT_ROLES or role == Role.BUREAU:
        summary.open_periods = list(periods_for(user, open_only=True))
    if role in DISTRICT_READ_ROLES or role == Role.ADMIN:
        summary.latest_period = periods_for(user).first()
    return summary
