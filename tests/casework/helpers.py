from __future__ import annotations

from datetime import datetime
from typing import Any

from tests.casework.conftest import at
from zhaoshang.casework import actions
from zhaoshang.casework.models import Case
from zhaoshang.org.models import Unit, User


def intake(**extra: Any) -> dict[str, Any]:
    data = {
        "enterprise_name": "临沂华盛机械有限公司",
        "contact": "王经理",
        "phone": "13800138000",
        "category": "business",
        "title": "办理施工许可咨询",
        "description": "新厂房施工许可需要哪些材料,多久能办好?",
    }
    data.update(extra)
    return data


def register(actor: User, *, now: datetime | None = None, **extra: Any) -> Case:
    return actions.register_case(
        actor=actor, channel="phone", now=now or at(2026, 3, 2), **intake(**extra)
    )


def submit(unit: Unit, *, now: datetime | None = None, **extra: Any) -> Case:
    return actions.submit_case(unit=unit, now=now or at(2026, 3, 2), **intake(**extra))
