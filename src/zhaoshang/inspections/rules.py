"""The rules of inspection filing (检查备案制), pure: no ORM, no I/O.

``check_filing`` takes the rules (data, see ``InspectionRules`` in models.py), the working calendar
and the facts about one planned inspection, and returns *every* broken rule at once, each keyed by
the form field it concerns, plus whether the bureau must approve it (protected enterprise).

Counting (DOMAIN.md §7, same convention as ``core.calendar``): the day of filing is not counted.
"Filed N working days ahead" means the planned date is on or after the N-th working day after the
filing day. "Emergency filed within N working days after" means the filing day is on or before the
N-th working day after the inspection day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhaoshang.core.calendar import OutsideCalendar, WorkCalendar, add_working_days

ROUTINE = "routine"
COMPLAINT = "complaint"
ACCIDENT = "accident"
EMERGENCY = "emergency"
KINDS = (ROUTINE, COMPLAINT, ACCIDENT, EMERGENCY)


@dataclass(frozen=True)
class Rules:
    """Defaults from DOMAIN.md §7; a district changes them as data."""

    notice_working_days: int = 3
    emergency_after_working_days: int = 2
    quiet_first_day: int = 1
    quiet_last_day: int = 20
    routine_per_year: int = 1
    min_inspectors: int = 2
    protected_needs_approval: bool = True


@dataclass(frozen=True)
class Facts:
    """What is known about one planned inspection when it is filed."""

    today: date
    kind: str
    planned_date: date
    inspectors: int
    enterprise_dissolved: bool = False
    enterprise_protected: bool = False
    routine_same_matter_this_year: int = 0
    legal_basis: str = "x"
    items: str = "x"
    matter: str = "x"


@dataclass(frozen=True)
class Problem:
    field: str
    message: str


@dataclass(frozen=True)
class Verdict:
    problems: tuple[Problem, ...]
    needs_approval: bool

    @property
    def ok(self) -> bool:
        return not self.problems

    def by_field(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for p in self.problems:
            out.setdefault(p.field, []).append(p.message)
        return out


def in_quiet_days(rules: Rules, day: date) -> bool:
    if rules.quiet_first_day <= 0 or rules.quiet_last_day < rules.quiet_first_day:
        return False
    return rules.quiet_first_day <= day.day <= rules.quiet_last_day


def _timing(rules: Rules, cal: WorkCalendar, f: Facts) -> list[Problem]:
    if f.kind != EMERGENCY and f.planned_date < f.today:
        return [Problem("planned_date", f"计划检查日期 {f.planned_date.isoformat()} 已过")]
    cal.check(f.planned_date)
    if f.kind == EMERGENCY:
        if f.planned_date > f.today:
            return []  # an emergency announced in advance is simply early
        latest = add_working_days(cal, f.planned_date, rules.emergency_after_working_days).end
        if f.today > latest:
            return [
                Problem(
                    "planned_date",
                    f"紧急检查应在检查后 {rules.emergency_after_working_days} 个工作日内补报备案"
                    f"(最迟 {latest.isoformat()}),现已逾期",
                )
            ]
        return []
    earliest = add_working_days(cal, f.today, rules.notice_working_days).end
    if f.planned_date < earliest:
        return [
            Problem(
                "planned_date",
                f"应至少提前 {rules.notice_working_days} 个工作日备案:"
                f"今天备案,最早可安排在 {earliest.isoformat()}",
            )
        ]
    return []


def check_filing(rules: Rules, cal: WorkCalendar, f: Facts) -> Verdict:
    problems: list[Problem] = []
    if f.kind not in KINDS:
        problems.append(Problem("kind", "检查类型应为:日常、投诉举报、事故调查或紧急"))
    if f.enterprise_dissolved:
        problems.append(Problem("enterprise", "该企业已注销,不能对其备案检查"))
    if not f.legal_basis.strip():
        problems.append(Problem("legal_basis", "请填写检查依据(法律法规条款)"))
    if not f.matter.strip():
        problems.append(Problem("matter", "请填写检查事项"))
    if not f.items.strip():
        problems.append(Problem("items", "请填写检查内容"))
    if f.inspectors < rules.min_inspectors:
        problems.append(
            Problem(
                "inspectors",
                f"执法检查人员不少于 {rules.min_inspectors} 人,现填 {f.inspectors} 人",
            )
        )
    try:
        problems.extend(_timing(rules, cal, f))
    except OutsideCalendar as exc:
        problems.append(Problem("planned_date", str(exc)))
    if f.kind == ROUTINE:
        if in_quiet_days(rules, f.planned_date):
            problems.append(
                Problem(
                    "planned_date",
                    f"每月 {rules.quiet_first_day}–{rules.quiet_last_day} 日为企业安静期,"
                    "不安排日常检查",
                )
            )
        if f.routine_same_matter_this_year >= rules.routine_per_year:
            problems.append(
                Problem(
                    "matter",
                    f"本部门今年已就同一事项对该企业备案日常检查 "
                    f"{f.routine_same_matter_this_year} 次,每年至多 {rules.routine_per_year} 次"
                    "(投诉举报、事故调查除外)",
                )
            )
    needs_approval = f.enterprise_protected and rules.protected_needs_approval
    return Verdict(tuple(problems), needs_approval)
