"""Measures from the service desk and inspection filing: overdue cases and unfiled inspections."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.casework.conftest import at
from tests.casework.helpers import register
from zhaoshang.assessment import measures
from zhaoshang.assessment.periods import AssessmentPeriod
from zhaoshang.casework import actions as casework
from zhaoshang.core.calendar_data import seed
from zhaoshang.inspections import actions as inspections

pytestmark = pytest.mark.django_db


def test_overdue_cases_and_unfiled_inspections_count_for_the_unit_in_the_year(
    world, quarter, scheme
):
    seed(range(2026, 2027))
    late = register(world.dept_reporter, now=at(2026, 3, 2))  # a business request: 5 working days
    register(world.dept_reporter, now=at(2026, 3, 30))  # due in April: not overdue in Q1
    casework.tick(now=at(2026, 3, 20))
    late.refresh_from_db()
    assert late.missed_on is not None
    for day in (date(2026, 2, 10), date(2026, 3, 5), date(2026, 5, 5)):
        inspections.report_unfiled(
            actor=None,
            enterprise_name="临沂华盛机械有限公司",
            department=world.guotu,
            happened_on=day,
            description="未出示核验码",
            contact="王经理",
            today=date(2026, 6, 1),
        )
    rows = {
        u.name: u.measures
        for u in measures.gather(world.district, scheme.spec, AssessmentPeriod.parse("2026-Q1"))
    }
    owner = late.owner_unit.name
    assert rows[owner]["cases_overdue"] == 1
    assert rows["国土资源局"]["inspections_unfiled"] == 2  # the May report is after the quarter
    assert rows["相公街道"]["cases_overdue"] == 0 and rows["相公街道"]["inspections_unfiled"] == 0


def test_on_time_completion_satisfaction_and_overdue_resolutions_are_measures(
    world, quarter, scheme
):
    """Rates are shares (0–1) of what was completed or rated; a unit with nothing completed or
    rated has them N/A, never zero."""
    from zhaoshang.meetings.models import Meeting, Resolution

    seed(range(2026, 2027))
    quick = register(world.dept_reporter, now=at(2026, 3, 2))
    slow = register(world.dept_reporter, now=at(2026, 3, 2))
    casework.complete_case(
        actor=world.dept_reporter, case=quick, result="已办结", now=at(2026, 3, 4)
    )
    casework.tick(now=at(2026, 3, 20))
    slow.refresh_from_db()
    casework.complete_case(
        actor=world.dept_reporter, case=slow, result="已办结", now=at(2026, 3, 23)
    )
    casework.rate_case(
        actor=None, case=quick, satisfied=True, phone=quick.phone, now=at(2026, 3, 5)
    )
    meeting = Meeting.objects.create(district=world.district, title="调度会", on=date(2026, 3, 3))
    Resolution.objects.create(
        meeting=meeting,
        text="协调用电",
        owner_unit=world.xianggong,
        decided_on=date(2026, 3, 3),
        limit_days=5,
        due=date(2026, 3, 10),
    )
    rows = {
        u.name: u.measures
        for u in measures.gather(world.district, scheme.spec, AssessmentPeriod.parse("2026-Q1"))
    }
    owner = quick.owner_unit.name
    assert rows[owner]["cases_on_time"] == Decimal("0.5")
    assert rows[owner]["cases_satisfaction"] == 1
    assert rows[owner]["cases_overdue"] == 1
    assert (
        rows["相公街道"]["cases_on_time"] is None and rows["相公街道"]["cases_satisfaction"] is None
    )
    assert rows["相公街道"]["resolutions_overdue"] == 1 and rows[owner]["resolutions_overdue"] == 0


def test_overdue_requests_and_unfiled_inspections_enter_the_ledger_once_each(
    world, quarter, scheme
):
    """The demo scheme's rules with ``auto: cases_overdue`` / ``auto: inspections_unfiled``: one
    ledger row per missed request (1 point) and per reported unfiled inspection (2 points), with
    the case or the report as the reason; a second run adds nothing."""
    from zhaoshang.assessment import actions as assessment
    from zhaoshang.assessment.models import Deduction

    seed(range(2026, 2027))
    late = register(world.dept_reporter, now=at(2026, 3, 2))
    casework.tick(now=at(2026, 3, 20))
    inspections.report_unfiled(
        actor=None,
        enterprise_name="临沂华盛机械有限公司",
        department=world.guotu,
        happened_on=date(2026, 3, 5),
        description="未出示核验码",
        contact="王经理",
        today=date(2026, 6, 1),
    )
    period = AssessmentPeriod.parse("2026-Q1")
    created = assessment.record_automatic_deductions(
        actor=world.bureau, scheme=scheme, period=period
    )
    rows = {d.rule: d for d in created if d.rule != "missed_return"}  # the quarter's own misses
    assert set(rows) == {"case_overdue", "unfiled_inspection"}
    case_row = rows["case_overdue"]
    assert (case_row.unit_id, case_row.points, case_row.automatic) == (late.owner_unit_id, 1, True)
    assert late.code in case_row.reason and case_row.source == f"case:{late.code}"
    unfiled_row = rows["unfiled_inspection"]
    assert (unfiled_row.unit_id, unfiled_row.points) == (world.guotu.pk, 2)
    assert "临沂华盛机械有限公司" in unfiled_row.reason
    assert (
        assessment.record_automatic_deductions(actor=world.bureau, scheme=scheme, period=period)
        == []
    )
    assert Deduction.objects.filter(automatic=True, rule__in=list(rows)).count() == 2


def test_an_automatic_rule_must_name_an_event_the_system_records(world):
    from django.core.exceptions import ValidationError

    from tests.assessment.conftest import SCHEME_FILE
    from zhaoshang.assessment import actions as assessment

    body = SCHEME_FILE.read_text(encoding="utf-8").replace(
        "auto: inspections_unfiled", "auto: funds_ytd_wan"
    )
    with pytest.raises(ValidationError) as caught:
        assessment.save_scheme(actor=world.bureau, district=world.district, body=body)
    assert "自动扣分来源“funds_ytd_wan”无效" in str(caught.value)
