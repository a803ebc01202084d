"""Uploading the project workbook: the registration form's rules, dry run, confirm, atomic,
idempotent, and scoped like the registry pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from tests.world import uscc
from zhaoshang.core.models import Event
from zhaoshang.projects.models import Investor, Project, StageChange
from zhaoshang.spreadsheets import project_book, registry
from zhaoshang.spreadsheets.models import ImportBatch

pytestmark = pytest.mark.django_db


def _book(user) -> Workbook:
    projects = project_book.filtered_projects(user, {}, 2026)
    return load_workbook(io.BytesIO(project_book.write_projects(projects)))


def _bytes(wb: Workbook) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _row_of(ws, code: str) -> int:
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == code)


NEW_ROW = [
    "XG-9",
    "新材料产业园",
    "临沂新材料有限公司",
    None,
    "相公街道",
    "境外",
    "高新技术产业",
    1234.5,
    "是",
    "洽谈",
    date(2026, 3, 5),
    "新建",
    "相公工业园",
]


def _run(user, data: bytes, *, dry_run: bool = False):
    return registry.run_import(
        kind="projects", actor=user, data=data, filename="p.xlsx", dry_run=dry_run
    )


def _snapshot() -> list[tuple]:
    counts = (Investor.objects.count(), StageChange.objects.count(), ImportBatch.objects.count())
    return [*Project.objects.order_by("pk").values_list(), counts]


def test_bureau_dry_run_lists_created_updated_unchanged_and_writes_nothing(scene):
    w = scene.world
    wb = _book(w.bureau)
    ws = wb["项目台账"]
    ws.cell(_row_of(ws, "XG-1"), 8, 6000)
    ws.append([*NEW_ROW[:3], uscc(), *NEW_ROW[4:]])
    before = _snapshot()
    outcome = _run(w.bureau, _bytes(wb), dry_run=True)
    assert outcome.errors == []
    assert outcome.created == ["XG-9 新材料产业园"]
    assert [u.split()[0] for u in outcome.updated] == ["XG-1"]
    assert sorted(u.split()[0] for u in outcome.unchanged) == ["GX-1", "XG-2"]
    assert _snapshot() == before


def test_confirmed_import_creates_and_updates_with_history_and_an_event(scene):
    w = scene.world
    wb = _book(w.bureau)
    ws = wb["项目台账"]
    ws.cell(_row_of(ws, "XG-1"), 8, 6000)
    code = uscc()
    ws.append([*NEW_ROW[:3], code, *NEW_ROW[4:]])
    outcome = _run(w.bureau, _bytes(wb))
    assert outcome.applied and not outcome.errors
    new = Project.objects.get(code="XG-9")
    assert new.investor.uscc == code and new.investor.name == "临沂新材料有限公司"
    assert new.lead_unit == w.xianggong and new.origin == "abroad" and new.is_key
    assert new.planned_investment_yuan == Decimal("12345000")
    assert new.start_date == date(2026, 3, 5) and new.stage == "negotiating"
    assert new.stage_changes.get().on == date(2026, 3, 5)
    record = new.history.get()
    assert record.history_user == w.bureau and "Excel导入" in record.history_change_reason
    scene.signed.refresh_from_db()
    assert scene.signed.planned_investment_yuan == Decimal("60000000")
    assert scene.signed.history.latest().history_user == w.bureau
    batch = ImportBatch.objects.get(kind="projects", status="applied")
    assert batch.uploaded_by == w.bureau and batch.summary["created"] == 1
    assert Event.objects.filter(verb="spreadsheets.projects_imported").count() == 1


def test_the_same_file_twice_changes_nothing_the_second_time(scene):
    w = scene.world
    wb = _book(w.bureau)
    wb["项目台账"].append([*NEW_ROW[:3], uscc(), *NEW_ROW[4:]])
    data = _bytes(wb)
    assert _run(w.bureau, data).applied
    before = _snapshot()
    again = _run(w.bureau, data)
    assert again.already and not again.applied
    assert _snapshot() == before
    # A fresh download of the imported registry is all "unchanged".
    fresh = _run(w.bureau, _bytes(_book(w.bureau)), dry_run=True)
    assert fresh.created == [] and fresh.updated == [] and len(fresh.unchanged) == 4


def test_every_bad_cell_is_named_with_sheet_row_column_and_nothing_is_written(scene):
    w = scene.world
    wb = _book(w.bureau)
    ws = wb["项目台账"]
    r = _row_of(ws, "XG-1")
    ws.cell(r, 8, "三千万")  # text in a number cell
    ws.cell(_row_of(ws, "XG-2"), 8, -5)  # negative amount
    ws.append([*NEW_ROW[:3], "91371300MA0000000X", *NEW_ROW[4:]])  # check digit wrong
    ws.append(["XG-10", "无名", "", uscc(), "相公街道", "外星", "先进制造业", 1, "否", "签约"])
    ws.append(["XG-11", "坏日期", "某公司", uscc(), "相公街道", "省外", "先进制造业", 1, "也许"])
    ws.cell(ws.max_row, 10, "签约")
    ws.cell(ws.max_row, 11, "2026年13月40日")
    before = _snapshot()
    outcome = _run(w.bureau, _bytes(wb))
    text = "\n".join(outcome.errors)
    assert f"工作表“项目台账”第{r}行H列(计划总投资(万元))值“三千万”" in text
    assert "不能为负数" in text
    assert "D列(投资方统一社会信用代码)值“91371300MA0000000X”:统一社会信用代码校验位错误" in text
    assert "F列(资金来源地)值“外星”:选项无效" in text
    assert "I列(重点项目)值“也许”:应填“是”或“否”" in text
    assert "K列(开工/签约日期)值“2026年13月40日”" in text
    assert not outcome.applied
    assert _snapshot() == before


def test_a_new_investor_needs_a_name_and_duplicate_rows_are_refused(scene):
    w = scene.world
    wb = _book(w.bureau)
    ws = wb["项目台账"]
    code = uscc()
    ws.append([NEW_ROW[0], NEW_ROW[1], "", code, *NEW_ROW[4:]])
    ws.append([*NEW_ROW[:3], code, *NEW_ROW[4:]])
    outcome = _run(w.bureau, _bytes(wb))
    text = "\n".join(outcome.errors)
    assert "C列(投资方)值“”:新的投资方须填写投资方名称" in text
    assert f"与第{ws.max_row - 1}行重复" in text
    assert not Project.objects.filter(code="XG-9").exists()


def test_missing_column_and_wrong_sheet_have_their_own_messages(scene):
    w = scene.world
    wb = _book(w.bureau)
    wb["项目台账"]["H1"] = "投资额"
    outcome = _run(w.bureau, _bytes(wb))
    assert outcome.errors == [
        "工作表“项目台账”第1行:缺少列“计划总投资(万元)”(表头被删除或改名),请使用系统下载的模板"
    ]
    wb["项目台账"].title = "Sheet1"
    outcome = _run(w.bureau, _bytes(wb))
    assert "没有名为“项目台账”的工作表" in outcome.errors[0]


def test_amounts_follow_the_unit_declared_in_the_header(scene):
    w = scene.world
    wb = _book(w.bureau)
    ws = wb["项目台账"]
    ws["H1"] = "计划总投资(元)"
    for r in range(2, ws.max_row + 1):
        ws.cell(r, 8, ws.cell(r, 8).value * 10000)
    ws.cell(_row_of(ws, "XG-1"), 8, "1.5亿元")
    outcome = _run(w.bureau, _bytes(wb))
    assert outcome.applied and len(outcome.updated) == 1
    scene.signed.refresh_from_db()
    assert scene.signed.planned_investment_yuan == Decimal("150000000")


def test_stage_moves_forward_through_change_stage_but_never_back(scene):
    w = scene.world
    wb = _book(w.bureau)
    ws = wb["项目台账"]
    ws.cell(_row_of(ws, "XG-1"), 10, "开工在建")
    assert _run(w.bureau, _bytes(wb)).applied
    scene.signed.refresh_from_db()
    assert scene.signed.stage == "construction"
    assert scene.signed.stage_changes.last().to_stage == "construction"
    ws.cell(_row_of(ws, "XG-2"), 10, "洽谈")
    outcome = _run(w.bureau, _bytes(wb))
    assert any("退回“洽谈”须在项目页面办理" in e for e in outcome.errors)


def test_lead_unit_cannot_be_changed_by_upload(scene):
    w = scene.world
    wb = _book(w.bureau)
    ws = wb["项目台账"]
    ws.cell(_row_of(ws, "XG-1"), 5, "九曲街道")
    outcome = _run(w.bureau, _bytes(wb))
    assert any("牵头单位不能通过导入修改" in e for e in outcome.errors)


def test_reporter_imports_their_own_units_projects_only(scene):
    w = scene.world
    wb = _book(w.township_reporter)
    ws = wb["项目台账"]
    assert ws.max_row == 3  # XG-1, XG-2
    ws.cell(_row_of(ws, "XG-2"), 13, "相公路1号")
    ws.append([*NEW_ROW[:3], uscc(), "供销社", *NEW_ROW[5:]])
    outcome = _run(w.township_reporter, _bytes(wb))
    assert any("E列(牵头单位)值“供销社”:不是您可以登记项目的单位" in e for e in outcome.errors)
    ws.delete_rows(ws.max_row)
    assert _run(w.township_reporter, _bytes(wb)).applied
    scene.building.refresh_from_db()
    assert scene.building.location == "相公路1号"


def test_a_reporter_cannot_touch_another_units_registered_project(scene):
    w = scene.world
    wb = _book(w.bureau)
    ws = wb["项目台账"]
    ws.delete_rows(_row_of(ws, "XG-1"))
    ws.delete_rows(_row_of(ws, "XG-2"))
    ws.cell(_row_of(ws, "GX-1"), 5, "相公街道")
    outcome = _run(w.township_reporter, _bytes(wb))
    assert any("该项目属于其他单位,不能导入修改" in e for e in outcome.errors)


@pytest.mark.parametrize("persona", ["leader", "auditor"])
def test_readers_may_not_import_projects(scene, persona):
    with pytest.raises(PermissionDenied):
        _run(getattr(scene.world, persona), _bytes(_book(scene.world.bureau)))


PAGE = {
    "township_reporter": 200,
    "dept_reporter": 200,
    "unit_leader": 200,
    "bureau": 200,
    "admin": 200,
    "outsider": 200,  # their own unit in the other district
    "leader": 403,
    "auditor": 403,
}


@pytest.mark.parametrize("persona", sorted(PAGE))
def test_upload_page_is_for_those_who_may_register_projects(scene, login, persona):
    response = login(getattr(scene.world, persona)).get(
        reverse("spreadsheets:book_upload", args=["projects"])
    )
    assert response.status_code == PAGE[persona]


def test_anonymous_is_sent_to_login_and_an_unknown_kind_is_404(scene, client, login):
    response = client.get(reverse("spreadsheets:book_upload", args=["projects"]))
    assert response.status_code == 302 and "login" in response["Location"]
    page = login(scene.world.bureau).get(reverse("spreadsheets:book_upload", args=["nothing"]))
    assert page.status_code == 404


def test_web_upload_shows_the_dry_run_and_confirm_writes(scene, login):
    w = scene.world
    client = login(w.bureau)
    wb = _book(w.bureau)
    wb["项目台账"].append([*NEW_ROW[:3], uscc(), *NEW_ROW[4:]])
    upload = SimpleUploadedFile("p.xlsx", _bytes(wb))
    page = client.post(reverse("spreadsheets:book_upload", args=["projects"]), {"file": upload})
    html = page.content.decode()
    assert page.status_code == 200 and "预检结果" in html and "新建:XG-9 新材料产业园" in html
    assert not Project.objects.filter(code="XG-9").exists()
    batch = ImportBatch.objects.get(kind="projects", status="dry_run")
    # Someone else cannot confirm this person's batch.
    other = login(w.admin).post(reverse("spreadsheets:book_confirm", args=["projects", batch.pk]))
    assert other.status_code == 404
    done = client.post(reverse("spreadsheets:book_confirm", args=["projects", batch.pk]))
    assert done.status_code == 302 and done["Location"] == reverse("projects:list")
    assert Project.objects.filter(code="XG-9").exists()
    batch.refresh_from_db()
    assert batch.status == "applied"


def test_web_upload_of_a_bad_file_says_why_and_keeps_nothing(scene, login):
    client = login(scene.world.bureau)
    upload = SimpleUploadedFile("p.xlsx", b"a,b\n1,2\n")
    page = client.post(reverse("spreadsheets:book_upload", args=["projects"]), {"file": upload})
    assert page.status_code == 422 and "不是Excel工作簿" in page.content.decode()
    assert not ImportBatch.objects.exists()


def test_project_list_offers_the_upload_button_to_those_who_may_register(scene, login):
    url = reverse("projects:list")
    assert "excel-projects-upload" in login(scene.world.bureau).get(url).content.decode()
    assert "excel-projects-upload" not in login(scene.world.leader).get(url).content.decode()


def test_bulk_written_rows_read_back_like_rows_written_by_the_orm(scene):
    from django.utils import timezone

    w = scene.world
    wb = _book(w.bureau)
    code = uscc()
    wb["项目台账"].append([*NEW_ROW[:3], code, *NEW_ROW[4:]])
    started = timezone.now()
    assert _run(w.bureau, _bytes(wb)).applied
    new = Project.objects.get(code="XG-9")
    assert timezone.is_aware(new.created_at) and abs(new.created_at - started).seconds < 60
    assert isinstance(new.planned_investment_yuan, Decimal) and new.description == ""
    record = new.history.get()
    assert record.history_type == "+" and record.history_date == new.created_at
    assert record.planned_investment_yuan == new.planned_investment_yuan
    investor = Investor.objects.get(uscc=code)
    assert investor.history.get().history_user == w.bureau and investor.contact == ""
    change = new.stage_changes.get()
    assert change.actor == w.bureau and change.from_stage == "" and change.to_stage == "negotiating"
