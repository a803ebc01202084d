"""Pure rules of casework (DOMAIN.md §6): limits, lights, pauses, reminders, escalation.

Everything takes the working calendar as data; the models and actions (still to come) call
these functions so the rules stay testable without the database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from zhaoshang.core.calendar import DayCount, WorkCalendar, add_working_days, working_days_between

URGENT = "urgent"
ENQUIRY = "enquiry"
BUSINESS = "business"
COMPLAINT = "complaint"

# Default limits in working days per category (urgent = same day).
DEFAULT_LIMITS: dict[str, int] = {URGENT: 0, ENQUIRY: 3, BUSINESS: 5, COMPLAINT: 13}

YELLOW_FROM_DAYS = 3
REMINDER_AFTER_DAYS = 1
SUPERVISION_AFTER_DAYS = 5
ESCALATE_AT = 3

GREEN, YELLOW, RED = "green", "yellow", "red"


def deadline_for(cal: WorkCalendar, received: date, category: str) -> DayCount:
    if category not in DEFAULT_LIMITS:
        raise ValueError(f"未知的诉求类别:{category}")
    return add_working_days(cal, received, DEFAULT_LIMITS[category])


def light(cal: WorkCalendar, today: date, deadline: date, *, missed: bool = False) -> str:
    """Green; yellow from 3 working days before the deadline; red when overdue or once missed."""
    if missed or today > deadline:
        return RED
    if working_days_between(cal, today, deadline).working_days <= YELLOW_FROM_DAYS:
        return YELLOW
    return GREEN


def extend_for_pause(cal: WorkCalendar, deadline: date, paused: date, resumed: date) -> DayCount:
    """The clock stops while paused: the deadline moves by the paused working days."""
    stopped = working_days_between(cal, paused, resumed).working_days
    return add_working_days(cal, deadline, stopped)


def extension_allowed(today: date, deadline: date) -> bool:
    """An extension must be asked before the deadline has passed."""
    return today <= deadline


@dataclass(frozen=True)
class Follow:
    reminder_due: bool
    supervision_due: bool


def follow_up_after_miss(cal: WorkCalendar, missed_on: date, today: date) -> Follow:
    """催办 from the next working day after a miss; 督办 from the 5th."""
    reminder = add_working_days(cal, missed_on, REMINDER_AFTER_DAYS).end
    supervision = add_working_days(cal, missed_on, SUPERVISION_AFTER_DAYS).end
    return Follow(today >= reminder, today >= supervision)


def must_escalate(transfers: int, reopens: int) -> bool:
    """Passed on or reopened 3 times or more → escalated to the bureau (督办)."""
    return transfers >= ESCALATE_AT or reopens >= ESCALATE_AT


ACCEPT_WITHIN_DAYS = 1
CATEGORY_LABELS: dict[str, str] = {
    URGENT: "紧急",
    ENQUIRY: "咨询",
    BUSINESS: "办事",
    COMPLAINT: "投诉",
}


@dataclass(frozen=True)
class Deadline:
    """A deadline and, in words, why it falls there."""

    due: date
    limit_days: int
    explanation: str


def limit_for(category: str, promised_days: int | None = None) -> int:
    """A commitment's promised limit wins over the category's default."""
    if promised_days is not None:
        return promised_days
    if category not in DEFAULT_LIMITS:
        raise ValueError(f"未知的诉求类别:{category}")
    return DEFAULT_LIMITS[category]


def compute_deadline(
    cal: WorkCalendar,
    received: date,
    category: str,
    *,
    promised_days: int | None = None,
    commitment_item: str = "",
) -> Deadline:
    days = limit_for(category, promised_days)
    count = add_working_days(cal, received, days)
    if promised_days is not None:
        basis = f"按服务承诺“{commitment_item}”的承诺时限 {days} 个工作日计算。"
    elif days == 0:
        basis = f"“{CATEGORY_LABELS[category]}”类诉求当日办结。"
    else:
        basis = f"按“{CATEGORY_LABELS[category]}”类诉求默认时限 {days} 个工作日计算。"
    return Deadline(count.end, days, basis + "\n" + count.explain())


def extend(cal: WorkCalendar, deadline: date, days: int, why: str) -> Deadline:
    """Move a deadline by ``days`` working days (an approved extension or a pause)."""
    count = add_working_days(cal, deadline, days)
    text = f"{why}:原期限 {deadline.isoformat()} 顺延 {days} 个工作日至 {count.end.isoformat()}。"
    if count.skipped:
        text += "\n跳过:" + ";".join(s.describe() for s in count.skipped)
    return Deadline(count.end, days, text)


def accepted_on_time(cal: WorkCalendar, received: date, accepted: date) -> bool:
    """Acceptance is on time within 1 working day of receipt."""
    return accepted <= add_working_days(cal, received, ACCEPT_WITHIN_DAYS).end
