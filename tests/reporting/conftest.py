"""A district with projects, a verified February return for 相公街道 and an open March period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.world import World, make_project
from zhaoshang.projects.models import Project
from zhaoshang.reporting import actions
from zhaoshang.reporting.actions import LineInput
from zhaoshang.reporting.models import ReportingPeriod, UnitReturn


@dataclass
class Scene:
    world: World
    signed: Project
    building: Project
    other_units: Project
    february: ReportingPeriod
    march: ReportingPeriod
    feb_return: UnitReturn

    def march_return(self) -> UnitReturn:
        return actions.prefill_return(
            actor=self.world.township_reporter, period=self.march, unit=self.world.xianggong
        )


@pytest.fixture
def scene(world: World) -> Scene:
    w = world
    signed = make_project(w, w.xianggong, code="XG-1", stage="signed", start=date(2026, 1, 10))
    building = make_project(
        w, w.xianggong, code="XG-2", stage="construction", start=date(2025, 5, 1)
    )
    other = make_project(w, w.gongxiaoshe, code="GX-1", stage="signed")
    later = date.today() + timedelta(days=30)
    february = actions.open_period(
        actor=w.bureau, district=w.district, year=2026, month=2, deadline=later
    )
    feb_return = actions.prefill_return(
        actor=w.township_reporter, period=february, unit=w.xianggong
    )
    actions.save_return(
        actor=w.township_reporter,
        unit_return=feb_return,
        lines=[LineInput(signed.pk, {"funds_outside_province_yuan": Decimal("1000000")})],
    )
    actions.submit_return(actor=w.township_reporter, unit_return=feb_return)
    feb_return = actions.verify_return(actor=w.bureau, unit_return=feb_return)
    march = actions.open_period(
        actor=w.bureau, district=w.district, year=2026, month=3, deadline=later
    )
    return Scene(w, signed, building, other, february, march, feb_return)


@pytest.fixture(autouse=True)
def _fast_passwords(settings) -> None:
    """Logging in 100+ times with the production hasher is slow; these tests are not about it."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
