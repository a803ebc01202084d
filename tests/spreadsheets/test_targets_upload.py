"""Uploading the targets workbook: new targets get a baseline, changed values a new version with a
reason; nothing is overwritten; bureau only."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.spreadsheets import registry, target_book
from zhaoshang.targets import actions
from zhaoshang.targets.models import Indicator, Target, TargetVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def funds(world):
    indicator, _ = Indicator.objects.get_or_create(
        code="outside_funds",
        defaults={"name": "到位市外资金", "measure": "yuan", "valid_from": date(2020, 1, 1)},
    )
    actions.set_baseline(
        actor=world.bureau,
        indicator=indicator,
        issuer="district",
        year=2026,
        unit=world.xianggong,
        value=Decimal("30000000"),
    )
    return indicator


def _book(user):
    return load_workbook(io.BytesIO(target_book.write_targets(user, 2026)))


def _bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _run(user, data, dry_run=False):
    return registry.run_import(
        kind="targets", actor=user, data=data, filename="t.xlsx", dry_run=dry_run
    )


def _versions() -> list[tuple]:
    return list(TargetVersion.objects.order_by("pk").values_list("target_id", "number", "value"))


def test_a_changed_value_becomes_a_new_version_and_a_new_row_a_baseline(world, funds):
    wb = _book(world.bureau)
    ws = wb["目标"]
    assert [c.value for c in ws[2]][:8] == [
        "T01", "相公街道", "到位市外资金", "区定", 2026, 3000, "万元", "outside_funds"
    ]  # fmt: skip
    ws["F2"] = 3500
    ws["I2"] = "年中调整"
    ws.append(["T02", "", "", "区定", 2026, 1200, "万元", "outside_funds", ""])
    dry = _run(world.bureau, _bytes(wb), dry_run=True)
    assert dry.errors == [] and len(dry.created) == 1 and len(dry.updated) == 1
    assert Target.objects.count() == 1
    assert _run(world.bureau, _bytes(wb)).applied
    xg = Target.objects.get(unit=world.xianggong)
    assert xg.current_value == Decimal("35000000")
    assert list(xg.versions.values_list("number", "kind", "value", "reason")) == [
        (1, "baseline", Decimal("30000000.00"), "年初下达"),
        (2, "adjustment", Decimal("35000000.00"), "年中调整"),
    ]
    jq = Target.objects.get(unit=world.jiuqu)
    assert jq.current_value == Decimal("12000000") and jq.versions.get().kind == "baseline"


def test_a_change_without_a_reason_is_refused_and_nothing_is_written(world, funds):
    wb = _book(world.bureau)
    wb["目标"]["F2"] = 3500
    wb["目标"].append(["T02", "", "", "区定", 2026, "很多", "万元", "outside_funds", ""])
    wb["目标"].append(["ZZ9", "", "", "国定", 2026, 5, "万元", "nope", ""])
    before = _versions()
    outcome = _run(world.bureau, _bytes(wb))
    text = "\n".join(outcome.errors)
    assert "工作表“目标”第2行F列(当前目标)值“3500”:目标值有变化,须在“调整理由”列说明理由" in text
    assert "第3行F列(当前目标)值“很多”" in text
    assert "第4行H列(指标代码)值“nope”:指标不存在" in text
    assert "第4行D列(下达方)值“国定”:应为区定、市定或省定" in text
    assert "第4行A列(单位代码)值“ZZ9”:单位不存在或不在您的县区" in text
    assert _versions() == before and Target.objects.count() == 1


def test_the_same_targets_file_twice_adds_no_second_version(world, funds):
    wb = _book(world.bureau)
    wb["目标"]["F2"] = 3600
    wb["目标"]["I2"] = "追加"
    data = _bytes(wb)
    assert _run(world.bureau, data).applied
    before = _versions()
    assert _run(world.bureau, data).already
    fresh = _run(world.bureau, _bytes(_book(world.bureau)), dry_run=True)
    assert fresh.updated == [] and fresh.created == [] and len(fresh.unchanged) == 1
    assert _versions() == before


def test_another_districts_unit_is_refused(world, funds):
    wb = _book(world.bureau)
    wb["目标"].append(["X01", "", "", "区定", 2026, 10, "万元", "outside_funds", ""])
    outcome = _run(world.bureau, _bytes(wb))
    assert any("第3行A列(单位代码)值“X01”:单位不存在或不在您的县区" in e for e in outcome.errors)


@pytest.mark.parametrize(
    "persona",
    ["township_reporter", "dept_reporter", "unit_leader", "leader", "auditor", "outsider"],
)
def test_only_the_bureau_may_upload_targets(world, funds, login, persona):
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        _run(user, _bytes(_book(world.bureau)))
    page = login(user).get(reverse("spreadsheets:book_upload", args=["targets"]))
    assert page.status_code == 403


@pytest.mark.parametrize("persona", ["bureau", "admin"])
def test_bureau_and_admin_get_the_targets_upload_page(world, funds, login, persona):
    page = login(getattr(world, persona)).get(reverse("spreadsheets:book_upload", args=["targets"]))
    assert page.status_code == 200 and "上传Excel" in page.content.decode()


def test_target_list_offers_download_to_all_and_upload_to_the_bureau(world, funds, login):
    url = reverse("targets:list")
    bureau = login(world.bureau).get(url, {"year": 2026}).content.decode()
    reporter = login(world.township_reporter).get(url, {"year": 2026}).content.decode()
    assert "spreadsheets/targets/download/?year=2026" in bureau and "excel-targets-upload" in bureau
    assert "excel-targets-download" in reporter and "excel-targets-upload" not in reporter
