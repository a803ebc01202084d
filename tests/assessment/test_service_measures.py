"""Measures from the service desk and inspection filing: overdue cases and unfiled inspections."""

from __future__ import annotations

from datetime import date

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
