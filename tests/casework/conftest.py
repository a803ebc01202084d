from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache

from zhaoshang.core.calendar_data import seed

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(y: int, m: int, d: int, h: int = 10, minute: int = 0) -> datetime:
    return datetime(y, m, d, h, minute, tzinfo=SHANGHAI)


@pytest.fixture
def cal(db: None) -> None:
    """The 2026 working calendar in the database (holidays and make-up days included)."""
    seed(range(2026, 2027))


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    cache.clear()
