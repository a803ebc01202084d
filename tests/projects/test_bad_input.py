"""Bad input on the registry forms: a Chinese message naming the field, and nothing changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.projects.helpers import project_form
from tests.world import make_project, uscc
from zhaoshang.core.models import Event
from zhaoshang.projects.models import Investor, Project

pytestmark = pytest.mark.django_db


def _register(client, **overrides):
    return client.post(reverse("projects:create"), project_form(**overrides))


def _assert_rejected(response, *words):
    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="error"' in html
    for word in words:
        assert word in html, word


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("uscc", "91371300MA12", ["统一社会信用代码", "应为18位"]),
        ("uscc", "91371300MA000001I", ["统一社会信用代码"]),
        ("planned_investment_wan", "3万", ["计划总投资(万元)", "不要带“万”“亿”"]),
        ("planned_investment_wan", "1亿", ["计划总投资(万元)", "不要带“万”“亿”"]),
        ("planned_investment_wan", "-5", ["计划总投资(万元)", "不能为负数"]),
        ("planned_investment_wan", "很多", ["计划总投资(万元)", "不是有效的数字"]),
        ("planned_investment_wan", "", ["计划总投资(万元):不能为空"]),
        ("name", "", ["项目名称:不能为空"]),
        ("code", "", ["项目编号:不能为空"]),
        ("origin", "moon", ["资金来源地:选项无效"]),
        ("start_date", "2026-13-40", ["立项日期"]),
    ],
)
def test_bad_project_input_is_refused_with_a_message_naming_the_field(
    world, login, field, value, words
):
    response = _register(login(world.township_reporter), **{field: value})
    _assert_rejected(response, *words)
    assert not Project.objects.exists() and not Investor.objects.exists()
    assert not Event.objects.exists()


def test_wrong_check_digit_says_which_digit_is_expected(world, login):
    good = uscc()
    wrong = good[:-1] + ("0" if good[-1] != "0" else "1")
    response = _register(login(world.township_reporter), uscc=wrong)
    _assert_rejected(response, "统一社会信用代码校验位错误", f"末位应为 {good[-1]}")
    assert not Project.objects.exists() and not Investor.objects.exists()


def test_new_investor_without_a_name_is_refused(world, login):
    response = _register(login(world.township_reporter), investor_name="")
    _assert_rejected(response, "投资方名称", "新的投资方须填写投资方名称")
    assert not Investor.objects.exists()


def test_known_investor_is_chosen_by_uscc(world, login):
    existing = make_project(world, world.xianggong)
    response = _register(
        login(world.township_reporter), uscc=existing.investor.uscc.lower(), investor_name=""
    )
    assert response.status_code == 302
    assert Investor.objects.count() == 1
    assert Project.objects.filter(investor=existing.investor).count() == 2


def test_duplicate_uscc_and_code_is_counted_once(world, login):
    existing = make_project(world, world.xianggong, code="DUP-1")
    response = _register(
        login(world.bureau), uscc=existing.investor.uscc, code="DUP-1", lead_unit=world.jiuqu.pk
    )
    _assert_rejected(response, "项目编号", "同一项目只计一次")
    assert Project.objects.count() == 1


def test_bureau_without_lead_unit_is_refused(world, login):
    response = _register(login(world.bureau))
    _assert_rejected(response, "牵头单位:不能为空")
    assert not Project.objects.exists() and not Investor.objects.exists()


def test_two_lead_units_are_refused(world, login):
    data = project_form()
    data["lead_unit"] = [world.jiuqu.pk, world.guotu.pk]
    response = login(world.bureau).post(reverse("projects:create"), data)
    _assert_rejected(response, "牵头单位", "只能有一个牵头单位")
    assert not Project.objects.exists()


def test_edit_with_amount_suffix_is_refused_and_changes_nothing(world, login):
    project = make_project(world, world.xianggong)
    data = project_form(planned_investment_wan="5000万", name="新名称")
    response = login(world.township_reporter).post(
        reverse("projects:edit", args=[project.pk]), data
    )
    _assert_rejected(response, "计划总投资(万元)", "万")
    fresh = Project.objects.get(pk=project.pk)
    assert fresh.name == project.name
    assert fresh.planned_investment_yuan == project.planned_investment_yuan
    assert fresh.history.count() == 1


def test_stage_backwards_without_reason_is_refused(world, login):
    project = make_project(world, world.xianggong, stage="construction")
    client = login(world.township_reporter)
    url = reverse("projects:stage", args=[project.pk])
    response = client.post(url, {"stage": "signed", "stage_date": "2026-03-01", "reason": " "})
    _assert_rejected(response, "新阶段", "必须说明理由")
    assert Project.objects.get(pk=project.pk).stage == "construction"
    assert project.stage_changes.count() == 1
    response = client.post(url, {"stage": "signed", "stage_date": "2026-03-01", "reason": "停工"})
    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).stage == "signed"


def test_stage_change_without_date_or_before_last_change_is_refused(world, login):
    project = make_project(world, world.xianggong)
    client = login(world.township_reporter)
    url = reverse("projects:stage", args=[project.pk])
    _assert_rejected(client.post(url, {"stage": "construction"}), "变更日期:不能为空")
    response = client.post(url, {"stage": "construction", "stage_date": "2025-12-01"})
    _assert_rejected(response, "变更日期", "不能早于上一次变更")
    assert project.stage_changes.count() == 1
