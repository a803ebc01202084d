from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.world import World, uscc
from zhaoshang.inspections import actions as inspection_actions
from zhaoshang.inspections.models import Enterprise
from zhaoshang.targets.models import Indicator
from zhaoshang.trade.indicators import seed_catalogue


def make_enterprise(world: World, unit=None, name: str | None = None) -> Enterprise:
    code = uscc()
    return inspection_actions.register_enterprise(
        actor=world.bureau,
        uscc=code,
        name=name or f"外贸企业{code[-6:]}",
        responsible_unit=unit or world.xianggong,
        industry="manufacturing",
        size="small",
    )


@dataclass
class Trade:
    world: World
    xg: Enterprise  # 相公街道
    jq: Enterprise  # 九曲街道


@pytest.fixture
def trade(world: World) -> Trade:
    seed_catalogue(Indicator)  # seeded by migration; again in case a transactional test flushed it
    return Trade(
        world,
        make_enterprise(world, world.xianggong, "临沂鲁东进出口有限公司"),
        make_enterprise(world, world.jiuqu, "九曲纺织有限公司"),
    )
