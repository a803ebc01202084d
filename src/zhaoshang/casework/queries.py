"""Reads for the casework pages: scoped lists, a case's page, the enterprise's lookup, the
public commitments, and the statistics per unit and period (aggregated in the database)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from zhaoshang.casework import rules
from zhaoshang.casework.models import (
    AgencyAssignment,
    AgencyRecord,
    CallBack,
    Case,
    CaseStep,
    Satisfaction,
    ServiceCommitment,
    Status,
)
from zhaoshang.core.money import percent
from zhaoshang.org.models import Role, Unit, User


def visible_cases(user: Any) -> QuerySet[Case]:
    return Case.objects.visible_to(user).select_related("owner_unit", "first_unit")


FLAGS = {
    "contact": Q(contact_missed_at__isnull=False),
    "follow_up": Q(follow_up_missed_on__isnull=False, status=Status.COMPLETED),
}


def case_list(
    user: Any, *, status: str = "", light: str = "", unit: int | None = None, flag: str = ""
) -> QuerySet[Case]:
    cases = visible_cases(user)
    if flag in FLAGS:
        cases = cases.filter(FLAGS[flag])
    if status == "open":
        cases = cases.open()
    elif status:
        cases = cases.filter(status=status)
    if light:
        cases = cases.filter(light=light)
    if unit:
        cases = cases.filter(Q(owner_unit_id=unit) | Q(first_unit_id=unit))
    return cases.order_by("deadline", "-pk")


def case_page(user: Any, pk: int) -> Case | None:
    return (
        visible_cases(user)
        .select_related("first_person", "owner_person", "commitment", "district")
        .filter(pk=pk)
        .first()
    )


def steps(case: Case, *, public_only: bool = False) -> QuerySet[CaseStep]:
    rows = case.steps.select_related("actor", "from_unit", "to_unit").order_by("at", "pk")
    return rows.filter(public=True) if public_only else rows


def can_change(user: Any, case: Case) -> bool:
    return Case.objects.editable_by(user).filter(pk=case.pk).exists()


def transfer_targets(case: Case) -> QuerySet[Unit]:
    return Unit.objects.filter(
        parent_id=case.district_id, kind=Unit.Kind.UNIT, active=True
    ).exclude(pk=case.owner_unit_id)


def for_enterprise(code: str, phone: str) -> Case | None:
    """The case whose tracking code and phone both match; otherwise None (never says which)."""
    code = code.strip().upper()
    digits = "".join(ch for ch in phone if ch.isdigit())
    if not code or not digits:
        return None
    case = Case.objects.select_related("owner_unit", "first_unit").filter(code=code).first()
    if case is None or "".join(ch for ch in case.phone if ch.isdigit()) != digits:
        return None
    return case


def intake_units() -> QuerySet[Unit]:
    """Units an enterprise may address a request to (towns/streets and departments)."""
    return Unit.objects.filter(kind=Unit.Kind.UNIT, active=True, parent__kind=Unit.Kind.DISTRICT)


def public_commitments(unit: int | None = None) -> QuerySet[ServiceCommitment]:
    rows = ServiceCommitment.objects.filter(active=True, unit__active=True).select_related("unit")
    return rows.filter(unit_id=unit) if unit else rows


def agency_assignments(user: Any) -> QuerySet[AgencyAssignment]:
    return (
        AgencyAssignment.objects.visible_to(user)
        .select_related("project", "agent", "project__lead_unit")
        .annotate(
            n_records=Count("records"),
            n_breaches=Count("records", filter=Q(records__fee_yuan__gt=0)),
        )
    )


def agency_ledger(assignment: AgencyAssignment) -> QuerySet[AgencyRecord]:
    return assignment.records.select_related("recorded_by").order_by("on", "pk")


def agents_for(user: User) -> QuerySet[User]:
    return User.objects.filter(unit__parent_id=user.district_id, is_active=True).exclude(role="")


# --- Statistics ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UnitStats:
    unit_id: int
    unit_name: str
    cases: int
    accepted: int
    accepted_on_time: int
    completed: int
    completed_on_time: int
    rated: int
    satisfied: int
    received_passes: int
    sent_back: int
    reopened: int

    @staticmethod
    def _rate(n: int, d: int) -> Decimal | None:
        return percent(Decimal(n), Decimal(d)) if d else None

    @property
    def on_time_acceptance(self) -> Decimal | None:
        return self._rate(self.accepted_on_time, self.accepted)

    @property
    def on_time_completion(self) -> Decimal | None:
        return self._rate(self.completed_on_time, self.completed)

    @property
    def satisfaction(self) -> Decimal | None:
        return self._rate(self.satisfied, self.rated)

    @property
    def bounce_rate(self) -> Decimal | None:
        return self._rate(self.sent_back, self.received_passes)

    @property
    def reopen_rate(self) -> Decimal | None:
        return self._rate(self.reopened, self.cases)


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tz),
        datetime.combine(end, time.max, tz),
    )


def unit_stats(user: Any, start: date, end: date) -> list[UnitStats]:
    """Per unit, for cases received in [start, end]: acceptance and completion on time (by the
    unit that owns the case now), satisfaction, bounce rate (passes received that it sent back)
    and reopen rate (cases it first received that were reopened)."""
    lo, hi = _bounds(start, end)
    cases = Case.objects.visible_to(user).filter(received_at__range=(lo, hi))
    by_owner = {
        row["owner_unit"]: row
        for row in cases.values("owner_unit").annotate(
            accepted=Count("pk", filter=Q(accepted_on_time__isnull=False)),
            accepted_on_time=Count("pk", filter=Q(accepted_on_time=True)),
            completed=Count("pk", filter=Q(completed_on_time__isnull=False)),
            completed_on_time=Count("pk", filter=Q(completed_on_time=True)),
            rated=Count("pk", filter=~Q(satisfaction=Satisfaction.NONE)),
            satisfied=Count("pk", filter=Q(satisfaction=Satisfaction.SATISFIED)),
        )
    }
    by_first = {
        row["first_unit"]: row
        for row in cases.values("first_unit").annotate(
            cases=Count("pk"), reopened=Count("pk", filter=Q(reopens__gt=0))
        )
    }
    step_rows = CaseStep.objects.filter(case__in=cases.values("pk"))
    passes = {
        r["to_unit"]: r["n"]
        for r in step_rows.filter(kind=CaseStep.Kind.PASSED)
        .values("to_unit")
        .annotate(n=Count("pk"))
    }
    backs = {
        r["from_unit"]: r["n"]
        for r in step_rows.filter(kind=CaseStep.Kind.SENT_BACK)
        .values("from_unit")
        .annotate(n=Count("pk"))
    }
    ids = set(by_owner) | set(by_first) | set(passes)
    units = Unit.objects.filter(pk__in=ids).order_by("sort_order", "code")
    empty: dict[str, int] = {}
    return [
        UnitStats(
            unit_id=u.pk,
            unit_name=u.name,
            cases=by_first.get(u.pk, empty).get("cases", 0),
            accepted=by_owner.get(u.pk, empty).get("accepted", 0),
            accepted_on_time=by_owner.get(u.pk, empty).get("accepted_on_time", 0),
            completed=by_owner.get(u.pk, empty).get("completed", 0),
            completed_on_time=by_owner.get(u.pk, empty).get("completed_on_time", 0),
            rated=by_owner.get(u.pk, empty).get("rated", 0),
            satisfied=by_owner.get(u.pk, empty).get("satisfied", 0),
            received_passes=passes.get(u.pk, 0),
            sent_back=backs.get(u.pk, 0),
            reopened=by_first.get(u.pk, empty).get("reopened", 0),
        )
        for u in units
    ]


def status_counts(user: Any) -> dict[str, int]:
    rows = visible_cases(user).values("status").annotate(n=Count("pk"))
    return {Status(r["status"]).label: r["n"] for r in rows}


def _month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return datetime(year, month, 1, tzinfo=tz), datetime.combine(nxt, time.min, tz)


# The bureau draws and calls back; unit heads see their unit's part of the sample, leaders and
# auditors read. Reporters do not (the call-back checks on their own units).
CALLBACK_READERS = (Role.BUREAU, Role.ADMIN, Role.UNIT_LEADER, Role.LEADER, Role.AUDITOR)


def may_read_callbacks(user: Any) -> bool:
    return bool(user.is_superuser or getattr(user, "role", "") in CALLBACK_READERS)


def withdrawn_sample(
    user: Any, year: int, month: int, *, size: int = rules.SAMPLE_SIZE, seed: int = 0
) -> list[Case]:
    """Withdrawn requests of a month to call back (回访抽样): requests withdrawn in that month
    (by the date of withdrawal), ``size`` drawn per district by a reproducible hash, plus any
    already called back for that month (a recorded call-back never leaves its sample). The draw
    is the district's, so the bureau and a unit see the same sample; each sees its own part."""
    lo, hi = _month_bounds(year, month)
    withdrawn = CaseStep.objects.filter(kind=CaseStep.Kind.WITHDRAWN, at__gte=lo, at__lt=hi)
    rows = Case.objects.filter(pk__in=withdrawn.values("case_id")).values_list("pk", "district_id")
    chosen = rules.draw_sample(rows, year, month, size=size, seed=seed)
    chosen |= set(CallBack.objects.filter(year=year, month=month).values_list("case_id", flat=True))
    return list(visible_cases(user).filter(pk__in=chosen).order_by("pk"))


@dataclass(frozen=True)
class CallBackRow:
    case: Case
    withdrawn: CaseStep | None
    callback: CallBack | None


def callback_rows(user: Any, year: int, month: int) -> list[CallBackRow]:
    """The month's sample for the call-back page: each case with its withdrawal and, once
    recorded, its call-back."""
    cases = withdrawn_sample(user, year, month)
    ids = [c.pk for c in cases]
    withdrawals = {
        s.case_id: s
        for s in CaseStep.objects.filter(case_id__in=ids, kind=CaseStep.Kind.WITHDRAWN)
        .select_related("actor")
        .order_by("at", "pk")
    }
    callbacks = {
        cb.case_id: cb
        for cb in CallBack.objects.filter(case_id__in=ids, year=year, month=month).select_related(
            "recorded_by"
        )
    }
    return [CallBackRow(c, withdrawals.get(c.pk), callbacks.get(c.pk)) for c in cases]


def missed_in(district: Unit, start: date, end: date) -> QuerySet[Case]:
    """Requests owned by units of ``district`` whose deadline was missed between the two dates
    (an automatic assessment deduction each, once)."""
    return Case.objects.filter(
        owner_unit__parent=district, missed_on__gte=start, missed_on__lte=end
    ).order_by("missed_on", "pk")
