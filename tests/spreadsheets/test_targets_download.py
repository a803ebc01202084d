"""The targets workbook: the year's targets each person may see, amounts in 万元."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.targets import actions
from zhaoshang.targets.models import Indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def targets(world):
    funds, _ = Indicator.objects.get_or_create(
        code="outside_funds",
        defaults={"name": "到位市外资金", "measure": "yuan", "valid_from": date(2020, 1, 1)},
    )
    for unit, value in ((world.xianggong, "30000000"), (world.gongxiaoshe, "12000000")):
        actions.set_baseline(
            actor=world.bureau,
            indicator=funds,
            issuer="district",
            year=2026,
            unit=unit,
            value=Decimal(value),
        )
    return world


def _rows(response) -> list[tuple]:
    ws = load_workbook(io.BytesIO(response.content)).active
    return list(ws.iter_rows(min_row=2, values_only=True))


def test_bureau_downloads_all_targets_of_the_year_in_wan(targets, login):
    url = reverse("spreadsheets:targets_download")
    rows = _rows(login(targets.bureau).get(url, {"year": 2026}))
    assert sorted((r[0], r[5], r[6]) for r in rows) == sorted(
        [(targets.xianggong.code, 3000, "万元"), (targets.gongxiaoshe.code, 1200, "万元")]
    )
    assert _rows(login(targets.bureau).get(url, {"year": 2025})) == []


def test_reporter_sees_only_their_units_target_and_outsider_none(targets, login):
    url = reverse("spreadsheets:targets_download")
    rows = _rows(login(targets.township_reporter).get(url, {"year": 2026}))
    assert [r[5] for r in rows] == [3000]
    assert _rows(login(targets.outsider).get(url, {"year": 2026})) == []


def test_anonymous_must_log_in_for_the_targets_workbook(client, db):
    response = client.get(reverse("spreadsheets:targets_download"))
    assert response.status_code == 302 and "login" in response["Location"]
