"""A scene for the API: one project, target and return per side, and a caller that speaks either
session or bearer-token authentication as any persona (or nobody)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.world import PASSWORD, World, make_project
from zhaoshang.api import actions as token_actions
from zhaoshang.org.models import User
from zhaoshang.projects.models import Project
from zhaoshang.reporting import actions as reporting_actions
from zhaoshang.reporting.models import ReportingPeriod, UnitReturn
from zhaoshang.targets import actions as target_actions
from zhaoshang.targets.models import Indicator, Target

PERSONAS = [
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
    "outsider",
]
MODES = ["token", "session"]


@dataclass
class Scene:
    world: World
    indicator: Indicator
    project: Project  # led by 相公街道
    jiuqu_project: Project
    target: Target  # 相公街道 2026
    period: ReportingPeriod  # 河东区 2026-03, open
    unit_return: UnitReturn  # 相公街道, draft


@pytest.fixture
def scene(world: World) -> Scene:
    indicator, _ = Indicator.objects.get_or_create(
        code="outside_funds",
        defaults={"name": "利用市外资金", "measure": "yuan", "valid_from": date(2020, 1, 1)},
    )
    project = make_project(world, world.xianggong)
    jiuqu_project = make_project(world, world.jiuqu)
    target = target_actions.set_baseline(
        actor=world.bureau,
        indicator=indicator,
        issuer="district",
        year=2026,
        unit=world.xianggong,
        value=Decimal("30000000"),
    )
    period = reporting_actions.open_period(
        actor=world.bureau, district=world.district, year=2026, month=3, deadline=date(2026, 4, 5)
    )
    unit_return = reporting_actions.prefill_return(
        actor=world.bureau, period=period, unit=world.xianggong
    )
    return Scene(world, indicator, project, jiuqu_project, target, period, unit_return)


class Caller:
    """Calls /api/v1 as a user through a session cookie or a bearer token; None is anonymous."""

    def __init__(self, user: User | None, mode: str) -> None:
        self.client = Client()
        self.headers: dict[str, str] = {}
        if user is None:
            return
        if mode == "session":
            assert self.client.login(username=user.username, password=PASSWORD)
        else:
            _, key = token_actions.create_token(actor=user, user=user, name="测试", days=30)
            self.headers["Authorization"] = f"Bearer {key}"

    def __call__(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        kwargs: dict[str, Any] = {"headers": self.headers}
        if body is not None:
            kwargs["data"] = json.dumps(body)
            kwargs["content_type"] = "application/json"
        url = f"/api/v1{path}" + (f"?{urlencode(query)}" if query else "")
        return getattr(self.client, method.lower())(url, **kwargs)


@pytest.fixture
def caller(world: World):
    """``caller(persona_name_or_None, mode)`` → a Caller."""

    def make(persona: str | None, mode: str = "token") -> Caller:
        user = getattr(world, persona) if persona else None
        return Caller(user, mode)

    return make


def messages(response: Any) -> str:
    """All the messages of an error body, joined, for asserting on their wording."""
    detail = response.json()["detail"]
    if isinstance(detail, str):
        return detail
    return " ".join(f"{item['field']}:{item['message']}" for item in detail)


def fields(response: Any) -> set[str | None]:
    return {item["field"] for item in response.json()["detail"]}
