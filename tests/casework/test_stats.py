"""Statistics per unit and period, aggregated in the database."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.casework.conftest import at
from tests.casework.helpers import register, submit
from zhaoshang.casework import actions, queries

pytestmark = pytest.mark.django_db


def test_unit_statistics_count_timeliness_satisfaction_bounces_and_reopens(world, cal):
    # 相公街道: one on time and satisfied, one late and reopened.
    good = register(world.township_reporter)
    actions.complete_case(actor=world.township_reporter, case=good, result="好", now=at(2026, 3, 4))
    actions.rate_case(actor=None, case=good, satisfied=True, phone=good.phone, now=at(2026, 3, 5))
    late = register(world.township_reporter)
    actions.complete_case(
        actor=world.township_reporter, case=late, result="慢", now=at(2026, 3, 12)
    )
    actions.rate_case(
        actor=None,
        case=late,
        satisfied=False,
        comment="太慢",
        phone=late.phone,
        now=at(2026, 3, 12),
    )
    # 供销社: receives two passes, sends one back; accepts a portal request late.
    for _ in range(2):
        c = register(world.township_reporter)
        actions.pass_on(
            actor=world.township_reporter,
            case=c,
            to_unit=world.gongxiaoshe,
            reason="职责",
            now=at(2026, 3, 3),
        )
    actions.send_back(actor=world.dept_reporter, case=c, reason="非本单位", now=at(2026, 3, 3))
    portal = submit(world.gongxiaoshe, now=at(2026, 3, 6))
    actions.accept_case(actor=world.dept_reporter, case=portal, now=at(2026, 3, 11))
    submit(world.gongxiaoshe, now=at(2027 - 1, 4, 1))  # outside the period

    rows = {
        r.unit_name: r
        for r in queries.unit_stats(world.bureau, date(2026, 3, 1), date(2026, 3, 31))
    }
    xg, gx = rows["相公街道"], rows["供销社"]
    assert xg.on_time_completion == Decimal(100)  # the reopened one no longer counts as completed
    assert xg.satisfaction == Decimal(50) and xg.cases == 4  # one satisfied, one not
    assert xg.reopen_rate == Decimal(25)
    assert gx.bounce_rate == Decimal(50)
    assert gx.on_time_acceptance == Decimal(50) and gx.on_time_completion is None
    outsider_rows = queries.unit_stats(world.outsider, date(2026, 3, 1), date(2026, 3, 31))
    assert outsider_rows == []


def test_the_monthly_sample_of_withdrawn_requests_is_reproducible_and_scoped(world, cal):
    for day in range(2, 9):
        c = submit(world.gongxiaoshe, now=at(2026, 3, day))
        actions.withdraw_case(
            actor=None, case=c, reason="已解决", phone=c.phone, now=at(2026, 3, 9)
        )
    submit(world.gongxiaoshe, now=at(2026, 3, 10))  # still open: not sampled
    first = queries.withdrawn_sample(world.bureau, 2026, 3, size=3)
    assert len(first) == 3 and all(c.status == "withdrawn" for c in first)
    assert first == queries.withdrawn_sample(world.bureau, 2026, 3, size=3)
    assert len(queries.withdrawn_sample(world.bureau, 2026, 3, size=10)) == 7
    assert queries.withdrawn_sample(world.outsider, 2026, 3) == []
