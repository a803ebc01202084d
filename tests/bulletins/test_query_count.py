"""The database does the grouping: the query count does not grow with units or projects."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from tests.bulletins.scenario import Quarter, file_return
from tests.world import World, make_project
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.queries import gather
from zhaoshang.casework.models import Case
from zhaoshang.core.periods import Period
from zhaoshang.meetings.models import Meeting, Resolution
from zhaoshang.org.models import Unit

# returns, projects, targets, periods, city rank; trade (one query without trade data); the
# service section (requests, inspections filed, unfiled inspections, resolutions).
MAX_QUERIES = 10


def _service_rows(world: World, unit: Unit, meeting: Meeting) -> None:
    Case.objects.create(
        district=world.district,
        enterprise_name="企业",
        contact="王经理",
        phone="13800138000",
        category="business",
        channel="phone",
        title="咨询",
        description="咨询",
        first_unit=unit,
        owner_unit=unit,
        status="handling",
        received_at=datetime(2026, 3, 2, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        deadline=date(2026, 3, 9),
        missed_on=date(2026, 3, 10),
    )
    Resolution.objects.create(
        meeting=meeting,
        text="协调",
        owner_unit=unit,
        decided_on=date(2026, 3, 3),
        limit_days=5,
        due=date(2026, 3, 10),
    )


def test_gathering_a_bulletin_takes_a_fixed_small_number_of_queries(
    world: World, quarter: Quarter, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(MAX_QUERIES):
        small = compute(gather(world.district, Period(2026, 3)))
    meeting = Meeting.objects.create(district=world.district, title="调度会", on=date(2026, 3, 3))
    for n in range(20):
        unit = Unit.objects.create(
            code=f"T9{n:02d}",
            name=f"新街道{n}",
            kind=Unit.Kind.UNIT,
            parent=world.district,
            group=world.township,
            sort_order=50 + n,
        )
        project = make_project(world, unit, start=date(2026, 2, 1))
        make_project(world, unit, stage="negotiating", start=date(2025, 2, 1))
        file_return(world, quarter.periods[3], unit, {project: {"funds_abroad_yuan": "1000"}})
        _service_rows(world, unit, meeting)
    with django_assert_max_num_queries(MAX_QUERIES):
        big = compute(gather(world.district, Period(2026, 3)))
    assert big.service is not None and len(big.service.units) == 20
    assert big.service.resolutions_overdue == 20 and big.service.cases_missed == 20
    assert big.totals.projects.counted == small.totals.projects.counted + 20
    assert big.totals.projects.negotiating == small.totals.projects.negotiating + 20
