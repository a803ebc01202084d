"""Form data for the registry pages."""

from __future__ import annotations

from typing import Any

from tests.world import uscc


def project_form(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "uscc": uscc(),
        "investor_name": "山东某某科技有限公司",
        "code": "XM-001",
        "name": "智能装备产业园",
        "origin": "outside_province",
        "industry": "manufacturing",
        "planned_investment_wan": "12000.5",
        "start_date": "2026-02-01",
        "stage": "signed",
        "stage_date": "2026-02-01",
        "location": "相公街道",
        "description": "",
    }
    data.update(overrides)
    return data
