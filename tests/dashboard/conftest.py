from __future__ import annotations

import pytest

from tests.bulletins.scenario import Quarter, first_quarter
from tests.world import World


@pytest.fixture
def quarter(world: World) -> Quarter:
    return first_quarter(world)
