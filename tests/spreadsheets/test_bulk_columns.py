"""The column-wise bulk writer used by big imports: rows, keys in row order, row history."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.world import uscc
from zhaoshang.projects.models import Investor, Project
from zhaoshang.spreadsheets import bulk
from zhaoshang.spreadsheets.project_import import _clean_column

pytestmark = pytest.mark.django_db


def test_rows_given_by_column_get_their_keys_in_row_order_and_a_history_record(scene):
    w = scene.world
    codes = [uscc() for _ in range(3)]
    now = timezone.now()
    ids = bulk.create_with_history(
        Investor,
        {"name": ["丙公司", "甲公司", "乙公司"], "uscc": codes},
        ("uscc",),
        actor=w.bureau,
        reason="测试",
        now=now,
    )
    assert [Investor.objects.get(pk=pk).uscc for pk in ids] == codes
    assert Investor.objects.get(pk=ids[0]).history.get().history_user == w.bureau
    columns = {
        "code": ["B-1", "B-2"],
        "name": ["一号", "二号"],
        "origin": ["abroad", "abroad"],
        "industry": ["manufacturing", "manufacturing"],
        "planned_investment_yuan": [Decimal("12345000.5"), Decimal("1")],
        "is_key": [True, False],
        "stage": ["negotiating", "negotiating"],
        "start_date": [date(2026, 3, 5), date(2026, 3, 5)],
        "location": ["", ""],
        "investor_id": [ids[0], ids[0]],
        "lead_unit_id": [w.xianggong.pk, w.xianggong.pk],
    }
    new = bulk.create_with_history(
        Project, columns, ("investor_id", "code"), actor=w.bureau, reason="测试", now=now
    )
    first = Project.objects.get(pk=new[0])
    assert first.code == "B-1" and first.planned_investment_yuan == Decimal("12345000.5")
    assert first.start_date == date(2026, 3, 5) and first.is_key
    assert first.history.get().planned_investment_yuan == first.planned_investment_yuan


def test_the_import_cache_setting_is_restored_after_the_import(scene):
    if connection.vendor != "sqlite":  # elsewhere the import leaves the connection alone
        with CaptureQueriesContext(connection) as queries, bulk.sqlite_import_cache(kib=4096):
            pass
        assert len(queries) == 0
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        with bulk.sqlite_import_cache(kib=4096):
            cursor.execute("PRAGMA cache_size")
            assert cursor.fetchone()[0] == -4096
        cursor.execute("PRAGMA cache_size")
        assert cursor.fetchone()[0] == before


def test_a_column_of_repeated_cells_keeps_one_and_one_point_zero_and_true_apart():
    seen: list[object] = []

    def convert(value: object) -> str:
        seen.append(value)
        return repr(value)

    cleaned, failed = _clean_column([1, 1.0, True, 1], convert, str, repeats=True)
    assert cleaned == ["1", "1.0", "True", "1"] and failed == {}
    assert len(seen) == 3
