"""Units, people and investors workbooks: scoped downloads, uploads checked by the models' forms,
dry run, atomic, idempotent; people never get a password from a file."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from openpyxl import load_workbook

from tests.world import uscc
from zhaoshang.org.models import Unit, User
from zhaoshang.projects.models import Investor
from zhaoshang.spreadsheets import model_book, registry

pytestmark = pytest.mark.django_db


def _book(kind: str, user):
    spec = model_book.SPECS[kind]
    return load_workbook(io.BytesIO(model_book.write_book(spec, user)))


def _bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _run(kind, user, data, dry_run=False):
    return registry.run_import(kind=kind, actor=user, data=data, filename="x.xlsx", dry_run=dry_run)


def _keys(wb) -> list:
    return [row[0] for row in wb.worksheets[0].iter_rows(min_row=2, values_only=True)]


def test_bureau_downloads_its_districts_units_and_admin_all(world):
    assert _keys(_book("units", world.bureau)) == ["B01", "B02", "B03", "T01", "T02"]
    assert "X01" in _keys(_book("units", world.admin))
    guide = _book("units", world.bureau)["填表说明"]["A2"].value
    assert "单位代码" in guide


def test_units_upload_creates_and_updates_through_the_model_rules(world):
    wb = _book("units", world.bureau)
    ws = wb["单位"]
    ws["B5"] = "相公街道办事处"  # T01 is row 5 (B01,B02,B03,T01,T02)
    ws.append(["T03", "芝麻墩街道", "芝麻墩", "乡镇街道", "D1", "否", 3, "是"])
    data = _bytes(wb)
    dry = _run("units", world.bureau, data, dry_run=True)
    assert dry.errors == [] and dry.created == ["T03 芝麻墩街道"]
    assert dry.updated == ["T01 相公街道办事处"] and len(dry.unchanged) == 4
    assert not Unit.objects.filter(code="T03").exists()
    assert _run("units", world.bureau, data).applied
    new = Unit.objects.get(code="T03")
    assert new.parent == world.district and new.group == world.township and new.kind == "unit"
    world.xianggong.refresh_from_db()
    assert world.xianggong.name == "相公街道办事处"
    assert world.xianggong.history.latest().history_user == world.bureau
    assert _run("units", world.bureau, data).already
    fresh = _run("units", world.bureau, _bytes(_book("units", world.bureau)), dry_run=True)
    assert fresh.created == [] and fresh.updated == []


def test_units_upload_reports_every_bad_cell_and_writes_nothing(world):
    wb = _book("units", world.bureau)
    ws = wb["单位"]
    ws.append(["T03", "", "", "外星分组", "D1", "也许", "x", "是"])
    ws.append(["T04", "某街道", "", "乡镇街道", "D2", "否", 1, "是"])  # another district
    ws.append(["X01", "偷来的", "", "乡镇街道", "D1", "否", 1, "是"])  # exists outside scope
    before = list(Unit.objects.order_by("pk").values_list())
    outcome = _run("units", world.bureau, _bytes(wb))
    text = "\n".join(outcome.errors)
    assert "工作表“单位”第7行D列(分组)值“外星分组”:分组不存在" in text
    assert "第7行F列(主管部门)值“也许”:应填“是”或“否”" in text
    assert "第8行E列(上级县区代码)值“D2”:不是您可以管理的县区" in text
    assert "第9行A列(单位代码)值“X01”:该单位代码已被本人权限范围以外的记录使用" in text
    assert list(Unit.objects.order_by("pk").values_list()) == before


def test_new_people_get_no_usable_password_and_the_bureau_cannot_make_admins(world):
    wb = _book("people", world.bureau)
    ws = wb["人员"]
    assert "admin" not in _keys(wb) and "xg_reporter" in _keys(wb)
    ws.append(["jq_reporter", "九曲填报员", "单位填报员", "T02", "", "", "是"])
    outcome = _run("people", world.bureau, _bytes(wb))
    assert outcome.applied and outcome.created == ["jq_reporter 九曲填报员"]
    person = User.objects.get(username="jq_reporter")
    assert not person.has_usable_password() and person.unit == world.jiuqu
    assert person.role == "reporter"
    ws.append(["boss", "老板", "系统管理员", "T02", "", "", "是"])
    refused = _run("people", world.bureau, _bytes(wb))
    assert any("您不能授予该角色" in e for e in refused.errors)
    assert not User.objects.filter(username="boss").exists()
    assert "密码" in _book("people", world.bureau)["填表说明"]["A3"].value


def test_people_of_another_district_cannot_be_changed(world):
    wb = _book("people", world.bureau)
    wb["人员"].append(["outsider", "改名", "单位填报员", "T01", "", "", "是"])
    outcome = _run("people", world.bureau, _bytes(wb))
    assert any("用户名" in e and "权限范围以外" in e for e in outcome.errors)
    world.outsider.refresh_from_db()
    assert world.outsider.unit == world.other_unit


def test_investors_are_keyed_by_a_checked_uscc(world):
    code = uscc()
    wb = _book("investors", world.admin)
    ws = wb["投资方"]
    ws.append([code.lower(), "临沂新材料有限公司", "上海", "王经理", "0539-1234567"])
    ws.append(["91371300MA0000000X", "坏代码公司", "", "", ""])
    outcome = _run("investors", world.bureau, _bytes(wb))
    assert any(
        "B" not in e
        and "A列(统一社会信用代码)值“91371300MA0000000X”:统一社会信用代码校验位错误" in e
        for e in outcome.errors
    )
    ws.delete_rows(ws.max_row)
    outcome = _run("investors", world.bureau, _bytes(wb))
    assert outcome.applied
    investor = Investor.objects.get(uscc=code)
    assert investor.name == "临沂新材料有限公司" and investor.contact == "王经理"


@pytest.mark.parametrize(
    "persona",
    ["township_reporter", "dept_reporter", "unit_leader", "leader", "auditor", "outsider"],
)
@pytest.mark.parametrize("kind", ["units", "people", "investors"])
def test_only_bureau_and_admin_may_upload_registries(world, login, persona, kind):
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        _run(kind, user, _bytes(_book(kind, world.admin)))
    assert login(user).get(reverse("spreadsheets:book_upload", args=[kind])).status_code == 403


DOWNLOAD = {
    ("units", "bureau"): 200,
    ("units", "admin"): 200,
    ("people", "bureau"): 200,
    ("people", "admin"): 200,
    ("investors", "bureau"): 200,
    ("investors", "admin"): 200,
    ("investors", "township_reporter"): 200,
    ("investors", "leader"): 200,
    ("investors", "auditor"): 200,
    ("investors", "outsider"): 200,
    ("investors", "dept_reporter"): 200,
    ("investors", "unit_leader"): 200,
}


@pytest.mark.parametrize(
    "persona",
    [
        "township_reporter",
        "dept_reporter",
        "unit_leader",
        "bureau",
        "leader",
        "auditor",
        "admin",
        "outsider",
    ],
)
@pytest.mark.parametrize("kind", ["units", "people", "investors"])
def test_downloads_per_persona(world, login, persona, kind):
    response = login(getattr(world, persona)).get(
        reverse("spreadsheets:book_download", args=[kind])
    )
    assert response.status_code == DOWNLOAD.get((kind, persona), 403)


def test_anonymous_must_log_in_for_registry_workbooks(world, client):
    for name in ("book_download", "book_upload"):
        response = client.get(reverse(f"spreadsheets:{name}", args=["units"]))
        assert response.status_code == 302 and "login" in response["Location"]


def test_unit_page_shows_excel_buttons_by_role(world, login):
    bureau = login(world.bureau).get(reverse("org:units")).content.decode()
    reporter = login(world.township_reporter).get(reverse("org:units")).content.decode()
    assert "excel-units-upload" in bureau and "excel-people-download" in bureau
    assert "excel-units-upload" not in reporter and "excel-investors-download" in reporter


def test_investor_download_is_scoped_to_visible_projects(scene, login):
    reporter = _keys(_book("investors", scene.world.township_reporter))
    assert sorted(reporter) == sorted([scene.signed.investor.uscc, scene.building.investor.uscc])
    assert _keys(_book("investors", scene.world.outsider)) == []
