from __future__ import annotations

from datetime import date

import pytest

from zhaoshang.targets.models import Indicator


@pytest.fixture
def funds(db: None) -> Indicator:
    return Indicator.objects.create(
        code="outside_funds", name="到位市外资金", measure="yuan", valid_from=date(2020, 1, 1)
    )
