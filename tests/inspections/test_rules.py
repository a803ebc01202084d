"""The pure filing rules: each rule alone, calendar edges, and several broken at once."""

from __future__ import annotations

from datetime import date

from zhaoshang.core.calendar import WorkCalendar
from zhaoshang.inspections.rules import Facts, Rules, check_filing, in_quiet_days

# 2026: 端午 on Friday 19 June (not worked).
CAL = WorkCalendar(2026, 2026, holidays=frozenset({date(2026, 6, 19)}))
RULES = Rules()


def facts(**kw) -> Facts:
    base = {
        "today": date(2026, 6, 16),
        "kind": "routine",
        "planned_date": date(2026, 6, 22),
        "inspectors": 2,
    }
    return Facts(**(base | kw))


def messages(verdict) -> list[str]:
    return [p.message for p in verdict.problems]


def test_a_routine_filing_three_working_days_ahead_outside_quiet_days_passes():
    verdict = check_filing(RULES, CAL, facts())
    assert verdict.ok and not verdict.needs_approval


def test_the_holiday_is_skipped_when_counting_working_days_ahead():
    # Filed Tue 16 June: Wed 17, Thu 18 count, Fri 19 is 端午, then Sat/Sun, Mon 22 is the 3rd.
    assert check_filing(RULES, CAL, facts(planned_date=date(2026, 6, 22))).ok
    v = check_filing(RULES, CAL, facts(kind="complaint", planned_date=date(2026, 6, 19)))
    assert "最早可安排在 2026-06-22" in messages(v)[0]


def test_a_past_date_for_a_routine_filing_is_refused():
    v = check_filing(RULES, CAL, facts(planned_date=date(2026, 6, 10)))
    assert any("已过" in m for m in messages(v))


def test_routine_inspections_are_refused_in_the_quiet_days_but_complaints_are_not():
    v = check_filing(RULES, CAL, facts(today=date(2026, 5, 25), planned_date=date(2026, 6, 10)))
    assert any("安静期" in m for m in messages(v))
    c = check_filing(
        RULES, CAL, facts(kind="complaint", today=date(2026, 5, 25), planned_date=date(2026, 6, 10))
    )
    assert c.ok


def test_an_emergency_may_be_filed_within_two_working_days_after_but_not_later():
    # Inspection Thu 18 June; Fri 19 is a holiday, so 2 working days after ends Tue 23 June.
    ok = check_filing(
        RULES, CAL, facts(kind="emergency", planned_date=date(2026, 6, 18), today=date(2026, 6, 23))
    )
    assert ok.ok
    late = check_filing(
        RULES, CAL, facts(kind="emergency", planned_date=date(2026, 6, 18), today=date(2026, 6, 24))
    )
    assert "最迟 2026-06-23" in messages(late)[0]


def test_the_yearly_limit_counts_routine_inspections_of_the_same_matter_only():
    v = check_filing(RULES, CAL, facts(routine_same_matter_this_year=1))
    assert any("每年至多 1 次" in m for m in messages(v))
    assert check_filing(RULES, CAL, facts(kind="accident", routine_same_matter_this_year=3)).ok


def test_a_filing_that_breaks_several_rules_lists_every_reason():
    v = check_filing(
        RULES,
        CAL,
        facts(
            planned_date=date(2026, 6, 17),
            inspectors=1,
            enterprise_dissolved=True,
            routine_same_matter_this_year=1,
            legal_basis=" ",
        ),
    )
    fields = v.by_field()
    assert set(fields) == {"enterprise", "inspectors", "planned_date", "matter", "legal_basis"}
    assert len(v.problems) == 6  # planned_date: too late to file AND in the quiet days


def test_rules_are_data_changing_them_changes_the_verdict():
    strict = Rules(notice_working_days=5, quiet_last_day=25, min_inspectors=3, routine_per_year=2)
    v = check_filing(strict, CAL, facts(inspectors=2))
    assert len(v.problems) == 3  # 5 days' notice, quiet until the 25th, three inspectors
    assert check_filing(
        strict,
        CAL,
        facts(
            today=date(2026, 6, 1),
            planned_date=date(2026, 6, 26),
            inspectors=3,
            routine_same_matter_this_year=1,
        ),
    ).ok
    no_quiet = Rules(quiet_first_day=0)
    assert not in_quiet_days(no_quiet, date(2026, 6, 5))


def test_protected_enterprises_need_approval_unless_the_rule_is_switched_off():
    assert check_filing(RULES, CAL, facts(enterprise_protected=True)).needs_approval
    assert not check_filing(
        Rules(protected_needs_approval=False), CAL, facts(enterprise_protected=True)
    ).needs_approval


def test_a_date_outside_the_calendar_is_a_reason_not_a_crash():
    v = check_filing(RULES, CAL, facts(planned_date=date(2027, 1, 25)))
    assert any("超出工作日历范围" in m for m in messages(v))
