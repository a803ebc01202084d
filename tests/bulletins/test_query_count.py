"""The database does the grouping: the query count does not grow with units or projects."""

from __future__ import annotations

import time
from datetime import date

from tests.bulletins.scenario import Quarter, file_return
from tests.world import World, make_project
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.queries import gather
from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit

MAX_QUERIES = 6


def test_gathering_a_bulletin_takes_a_fixed_small_number_of_queries(
    world: World, quarter: Quarter, django_assert_max_num_queries
) -> None:
    with django_assert_max_num_queries(MAX_QUERIES):
        small = compute(gather(world.district, Period(2026, 3)))
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
    started = time.perf_counter()
    with django_assert_max_num_queries(MAX_QUERIES):
        big = compute(gather(world.district, Period(2026, 3)))
    assert time.perf_counter() - started < 1
    assert big.totals.projects.counted == small.totals.projects.counted + 20
    assert big.totals.projects.negotiating == small.totals.projects.negotiating + 20
