"""Return workbook: round trip, the bad-workbook corpus, idempotence and permissions."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import load_workbook

from zhaoshang.reporting.models import UnitReturn
from zhaoshang.spreadsheets import importer
from zhaoshang.spreadsheets.models import ImportBatch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _fill(data: bytes, **cells: object) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb["月报"]
    for ref, value in cells.items():
        ws[ref] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _values(data: bytes) -> list[tuple]:
    wb = load_workbook(io.BytesIO(data))
    return [tuple(row) for row in wb["月报"].iter_rows(values_only=True)]


def _snapshot(unit_return: UnitReturn) -> list[tuple]:
    return list(unit_return.lines.order_by("pk").values_list())


def test_round_trip_saves_figures_and_exports_the_same_values(scene):
    w = scene.world
    ret = scene.march_return()
    blank = importer.export_return(actor=w.township_reporter, unit_return=ret)
    filled = _fill(blank, H3="12.5", I3=3, J4="1,000.25万元", K4="0.5亿元")
    outcome = importer.import_return(
        actor=w.township_reporter, unit_return=ret, data=filled, filename="a.xlsx", dry_run=False
    )
    assert outcome.errors == []
    line1, line2 = ret.lines.order_by("project__code")
    assert line1.funds_within_province_yuan == Decimal("125000.00")
    assert line1.funds_outside_province_yuan == Decimal("30000.00")
    assert line2.funds_abroad_yuan == Decimal("10002500.00")
    assert line2.investment_completed_yuan == Decimal("50000000.00")
    again = importer.export_return(actor=w.township_reporter, unit_return=ret)
    assert _values(again)[2:] == _values(_fill(blank, H3=12.5, I3=3, J4=1000.25, K4=5000))[2:]


def test_workbook_prefills_last_months_funds_and_keeps_codes_as_text(scene):
    ret = scene.march_return()
    rows = _values(importer.export_return(actor=scene.world.township_reporter, unit_return=ret))
    assert rows[2][1] == "XG-1" and rows[2][4] == 100
    assert isinstance(rows[2][3], str) and len(rows[2][3]) == 18


def test_dry_run_reports_changes_and_saves_nothing(scene):
    w = scene.world
    ret = scene.march_return()
    before = _snapshot(ret)
    data = _fill(importer.export_return(actor=w.township_reporter, unit_return=ret), H3=7)
    outcome = importer.import_return(
        actor=w.township_reporter, unit_return=ret, data=data, filename="a.xlsx", dry_run=True
    )
    assert len(outcome.updated) == 1 and len(outcome.unchanged) == 1
    assert _snapshot(ret) == before


def test_the_same_file_twice_changes_nothing_the_second_time(scene):
    w = scene.world
    ret = scene.march_return()
    data = _fill(importer.export_return(actor=w.township_reporter, unit_return=ret), H3=7)
    kw = {"actor": w.township_reporter, "unit_return": ret, "data": data, "filename": "a.xlsx"}
    assert importer.import_return(**kw, dry_run=False).applied
    second = importer.import_return(**kw, dry_run=False)
    assert second.already and not second.applied
    assert ImportBatch.objects.filter(status="applied").count() == 1


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"0" * (60 * 1024 * 1024))
    return out.getvalue()


BAD = [
    ("empty", lambda blank: b"", "文件为空"),
    ("csv", lambda blank: "项目,金额\nXG-1,3\n".encode(), "不是Excel工作簿"),
    ("bomb", lambda blank: _zip_bomb(), "压缩炸弹"),
    ("truncated", lambda blank: blank[: len(blank) // 2], "损坏"),
    (
        "text amount",
        lambda blank: _fill(blank, H3="三万"),
        "第3行H列(市外省内到位资金(万元))值“三万”",
    ),
    ("negative", lambda blank: _fill(blank, I4=-5), "第4行I列"),
    ("bad date", lambda blank: _fill(blank, G3="2026-13-45"), "不是有效的日期"),
    ("bad stage", lambda blank: _fill(blank, F3="飞天"), "不是有效阶段"),
    ("backwards", lambda blank: _fill(blank, F4="签约"), "必须说明理由"),
    ("foreign id", lambda blank: _fill(blank, A3=999999), "不属于本单位本期月报"),
    ("header", lambda blank: _fill(blank, H2="资金"), "表头被修改"),
    ("wrong unit", lambda blank: _fill(blank, A1="X|2026-03"), "不是本单位本期月报的模板"),
]


@pytest.mark.parametrize(("name", "make", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_workbook_is_refused_with_its_own_message_and_changes_nothing(
    scene, name, make, message
):
    w = scene.world
    ret = scene.march_return()
    before = _snapshot(ret)
    blank = importer.export_return(actor=w.township_reporter, unit_return=ret)
    outcome = importer.import_return(
        actor=w.township_reporter,
        unit_return=ret,
        data=make(blank),
        filename="x.xlsx",
        dry_run=False,
    )
    assert any(message in e for e in outcome.errors), outcome.errors
    assert _snapshot(ret) == before
    assert not ImportBatch.objects.exists()


def test_oversized_upload_is_refused(scene, settings):
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "MAX_UPLOAD_BYTES": 1000}
    w = scene.world
    ret = scene.march_return()
    blank = importer.export_return(actor=w.township_reporter, unit_return=ret)
    outcome = importer.import_return(
        actor=w.township_reporter, unit_return=ret, data=blank, filename="x", dry_run=True
    )
    assert "文件过大" in outcome.errors[0]


def test_a_submitted_return_cannot_be_imported_even_as_dry_run(scene):
    w = scene.world
    ret = scene.march_return()
    data = _fill(importer.export_return(actor=w.township_reporter, unit_return=ret), H3=7)
    from zhaoshang.reporting import actions

    actions.submit_return(actor=w.township_reporter, unit_return=ret)
    ret.refresh_from_db()
    before = _snapshot(ret)
    outcome = importer.import_return(
        actor=w.township_reporter, unit_return=ret, data=data, filename="a.xlsx", dry_run=True
    )
    assert "不能再导入修改" in outcome.errors[0]
    assert _snapshot(ret) == before


def test_other_units_reporter_may_not_import(scene):
    ret = scene.march_return()
    with pytest.raises(PermissionDenied):
        importer.import_return(
            actor=scene.world.dept_reporter,
            unit_return=ret,
            data=b"x",
            filename="a",
            dry_run=True,
        )
