"""Pure rules of casework (DOMAIN.md §6): limits, lights, pauses, reminders, escalation.

Everything takes the working calendar as data; the models and actions (still to come) call
these functions so the rules stay testable without the database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from zhaoshang.core.calendar import (
    DayCount,
    WorkCalendar,
    WorkingHours,
    add_working_days,
    add_working_hours,
    working_days_between,
)

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


# --- First contact and follow-up ------------------------------------------------------------

# Categories that promise a first contact within N working hours even without a commitment
# (DOMAIN.md §6 "contact within 1 working hour where promised": an urgent request is).
DEFAULT_CONTACT_HOURS: dict[str, int] = {URGENT: 1}
FOLLOW_UP_WITHIN_DAYS = 1


def contact_hours_for(category: str, promised_hours: int | None = None) -> int | None:
    """A commitment's promised contact time wins; else the category's; else no promise."""
    if promised_hours is not None:
        return promised_hours
    return DEFAULT_CONTACT_HOURS.get(category)


@dataclass(frozen=True)
class ContactDeadline:
    """When the first contact is due (naive local time) and, in words, why."""

    due: datetime
    hours: int
    explanation: str


def contact_deadline(
    cal: WorkCalendar,
    received: datetime,
    category: str,
    *,
    promised_hours: int | None = None,
    commitment_item: str = "",
    office: WorkingHours | None = None,
) -> ContactDeadline | None:
    """The first-contact deadline in working hours from ``received`` (naive local), or None
    when nothing is promised."""
    hours = contact_hours_for(category, promised_hours)
    if hours is None:
        return None
    count = add_working_hours(cal, received, hours, office)
    if promised_hours is not None:
        basis = f"按服务承诺“{commitment_item}”,收到后 {hours} 个工作小时内首次联系企业。"
    else:
        basis = f"“{CATEGORY_LABELS[category]}”类诉求承诺收到后 {hours} 个工作小时内联系企业。"
    hours_text = "工作时间 " + "、".join(
        f"{a:%H:%M}–{b:%H:%M}" for a, b in (office or WorkingHours()).sessions()
    )
    return ContactDeadline(count.end, hours, f"{basis}({hours_text})\n{count.explain()}")


def follow_up_deadline(cal: WorkCalendar, completed: date) -> Deadline:
    """The follow-up (回访) is due within 1 working day after completion."""
    count = add_working_days(cal, completed, FOLLOW_UP_WITHIN_DAYS)
    text = (
        f"{completed.isoformat()} 办结,须在 {FOLLOW_UP_WITHIN_DAYS} 个工作日内回访企业,"
        f"即 {count.end.isoformat()} 下班前。"
    )
    if count.skipped:
        text += "\n跳过:" + ";".join(s.describe() for s in count.skipped)
    if count.makeup_days:
        text += "\n调休上班计入:" + "、".join(d.isoformat() for d in count.makeup_days)
    return Deadline(count.end, FOLLOW_UP_WITHIN_DAYS, text)


# --- The monthly call-back of withdrawn requests (回访抽样) ------------------------------------

SAMPLE_SIZE = 5


def sample_rank(year: int, month: int, seed: int, pk: int) -> str:
    """A case's place in a month's draw: a hash, so the draw is reproducible and a request
    withdrawn later in the month displaces at most one drawn case instead of reshuffling all."""
    return hashlib.sha256(f"{year}-{month:02d}-{seed}-{pk}".encode()).hexdigest()


def draw_sample(
    rows: Iterable[tuple[int, int]], year: int, month: int, *, size: int, seed: int = 0
) -> set[int]:
    """From (case id, district id) pairs, the ``size`` first-ranked cases of each district."""
    by_district: dict[int, list[int]] = {}
    for pk, district in rows:
        by_district.setdefault(district, []).append(pk)
    return {
        pk
        for pks in by_district.values()
        for pk in sorted(pks, key=lambda p: sample_rank(year, month, seed, p))[:size]
    }
