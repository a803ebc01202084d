"""Bad input on every write endpoint: 422 (or 403/404) with a Chinese message naming the field,
and nothing changed."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.conftest import fields, messages
from tests.world import uscc
from zhaoshang.core.models import Event
from zhaoshang.projects.models import Investor, Project, StageChange
from zhaoshang.reporting import actions as reporting_actions
from zhaoshang.reporting.models import ReturnLine
from zhaoshang.targets.models import Target, TargetVersion


def _project_body(scene: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "lead_unit_id": scene.world.xianggong.pk,
        "uscc": uscc(),
        "investor_name": "新投资方",
        "code": "API-9",
        "name": "接口项目",
        "origin": "outside_province",
        "industry": "manufacturing",
        "planned_investment_yuan": "8000000",
        "start_date": "2026-02-01",
    }
    body.update(overrides)
    return body


def _snapshot() -> tuple[int, ...]:
    return (
        Project.objects.count(),
        Investor.objects.count(),
        StageChange.objects.count(),
        Target.objects.count(),
        TargetVersion.objects.count(),
        Event.objects.count(),
    )


@pytest.fixture
def reporter(caller):
    return caller("township_reporter")


@pytest.fixture
def bureau(caller):
    return caller("bureau", "session")


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"uscc": "91371300MA0000001X"}, "uscc", "统一社会信用代码"),
        ({"uscc": "123"}, "uscc", "18位"),
        ({"planned_investment_yuan": "-5"}, "planned_investment_yuan", "不能为负数"),
        ({"planned_investment_yuan": "3万"}, "planned_investment_yuan", "万"),
        ({"planned_investment_yuan": "很多"}, "planned_investment_yuan", "不是有效的数字"),
        ({"origin": "mars"}, "origin", "资金来源地"),
        ({"stage": "flying"}, "stage", "阶段"),
        ({"name": " "}, "name", "项目名称"),
        ({"investor_name": ""}, "investor_name", "投资方名称"),
        ({"lead_unit_id": None}, "lead_unit_id", "格式不正确或缺少"),
        ({"start_date": "去年"}, "start_date", "格式不正确"),
    ],
)
def test_bad_project_registration_names_the_field_in_chinese(
    scene, reporter, overrides, field, words
):
    before = _snapshot()
    response = reporter("POST", "/projects", _project_body(scene, **overrides))
    assert response.status_code == 422, response.content
    assert field in fields(response)
    assert words in messages(response)
    assert _snapshot() == before


def test_duplicate_project_of_the_same_investor_is_refused(scene, reporter):
    body = _project_body(scene, uscc=scene.project.investor.uscc, code=scene.project.code)
    before = _snapshot()
    response = reporter("POST", "/projects", body)
    assert response.status_code == 422
    assert fields(response) == {"code"} and "只计一次" in messages(response)
    assert _snapshot() == before


def test_registering_for_another_unit_by_id_gets_404_and_changes_nothing(scene, reporter):
    before = _snapshot()
    response = reporter(
        "POST", "/projects", _project_body(scene, lead_unit_id=scene.world.jiuqu.pk)
    )
    assert response.status_code == 404
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"planned_investment_yuan": "3万"}, "planned_investment_yuan", "万"),
        ({"planned_investment_yuan": "-1"}, "planned_investment_yuan", "不能为负数"),
        ({"industry": "magic"}, "industry", "产业类别"),
        ({"is_key": "也许"}, "is_key", "格式不正确"),
    ],
)
def test_bad_project_update_names_the_field_and_changes_nothing(
    scene, reporter, body, field, words
):
    response = reporter("PATCH", f"/projects/{scene.project.pk}", body)
    assert response.status_code == 422
    assert field in fields(response) and words in messages(response)
    scene.project.refresh_from_db()
    assert str(scene.project.planned_investment_yuan) == "50000000.00"
    assert scene.project.industry == "manufacturing" and not scene.project.is_key


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"to_stage": "negotiating", "on": "2026-03-01"}, "stage", "必须说明理由"),
        ({"to_stage": "signed", "on": "2026-03-01"}, "stage", "已处于"),
        ({"to_stage": "flying", "on": "2026-03-01"}, "stage", "阶段无效"),
        ({"to_stage": "construction", "on": "2025-01-01"}, "stage_date", "不能早于"),
        ({"to_stage": "construction"}, "on", "缺少"),
    ],
)
def test_bad_stage_change_names_the_field_and_changes_nothing(scene, reporter, body, field, words):
    before = _snapshot()
    response = reporter("POST", f"/projects/{scene.project.pk}/stage", body)
    assert response.status_code == 422
    assert field in fields(response) and words in messages(response)
    assert _snapshot() == before
    scene.project.refresh_from_db()
    assert scene.project.stage == "signed"


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"value": "3万"}, "value", "万"),
        ({"value": "-100"}, "value", "不能为负数"),
        ({"indicator": "no_such"}, "indicator", "不存在"),
        ({"issuer": "moon"}, "issuer", "下达方"),
        ({"year": 2026}, "value", "已下达"),
        ({"year": "明年"}, "year", "格式不正确"),
    ],
)
def test_bad_baseline_names_the_field_and_changes_nothing(scene, bureau, overrides, field, words):
    body = {"unit_id": scene.world.xianggong.pk, "indicator": "outside_funds", "year": 2027}
    body |= {"value": "1000", **overrides}
    before = _snapshot()
    response = bureau("POST", "/targets", body)
    assert response.status_code == 422, response.content
    assert field in fields(response) and words in messages(response)
    assert _snapshot() == before


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"value": "3万", "reason": "调整"}, "value", "万"),
        ({"value": "-1", "reason": "调整"}, "value", "不能为负数"),
        ({"value": "100", "reason": "  "}, "reason", "说明理由"),
    ],
)
def test_bad_adjustment_names_the_field_and_changes_nothing(scene, bureau, body, field, words):
    before = _snapshot()
    response = bureau("POST", f"/targets/{scene.target.pk}/adjust", body)
    assert response.status_code == 422
    assert field in fields(response) and words in messages(response)
    assert _snapshot() == before
    scene.target.refresh_from_db()
    assert str(scene.target.current_value) == "30000000.00"


def _line_values() -> list[tuple[str, ...]]:
    return list(
        ReturnLine.objects.values_list(
            "funds_within_province_yuan", "funds_abroad_yuan", "stage", "note"
        )
    )


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ({"funds_abroad_yuan": "-10"}, "不能为负数"),
        ({"funds_abroad_yuan": "3万"}, "万"),
        ({"funds_within_province_yuan": "abc"}, "不是有效的数字"),
        ({"stage": "flying"}, "不是有效阶段"),
        ({"stage": "negotiating"}, "阶段倒退必须填写阶段变更说明"),
    ],
)
def test_bad_return_lines_are_refused_whole(scene, reporter, line, words):
    good = {"project_id": scene.project.pk, "note": "第一行正常"}
    body = {"lines": [good, {"project_id": scene.project.pk, **line}], "note": "不应保存"}
    before = _line_values()
    response = reporter("PUT", f"/returns/{scene.unit_return.pk}/lines", body)
    assert response.status_code == 422
    assert words in messages(response) and "第2行" in messages(response)
    assert _line_values() == before
    scene.unit_return.refresh_from_db()
    assert scene.unit_return.note == ""


def test_line_for_another_units_project_by_id_is_refused(scene, reporter):
    body = {"lines": [{"project_id": scene.jiuqu_project.pk, "funds_abroad_yuan": "100"}]}
    before = _line_values()
    response = reporter("PUT", f"/returns/{scene.unit_return.pk}/lines", body)
    assert response.status_code == 422
    assert "不属于本单位本期月报" in messages(response)
    assert _line_values() == before


def _close(scene: Any) -> None:
    reporting_actions.close_period(actor=scene.world.bureau, period=scene.period)


def test_saving_after_the_period_is_closed_is_refused(scene, reporter):
    _close(scene)
    body = {"lines": [{"project_id": scene.project.pk, "funds_abroad_yuan": "100"}]}
    response = reporter("PUT", f"/returns/{scene.unit_return.pk}/lines", body)
    assert response.status_code == 422
    assert fields(response) == {"period"} and "已截止" in messages(response)
    assert _line_values()[0][1] == 0


def test_submitting_after_the_period_is_closed_is_refused(scene, reporter):
    _close(scene)
    response = reporter("POST", f"/returns/{scene.unit_return.pk}/submit")
    assert response.status_code == 422
    assert fields(response) == {"period"} and "已截止" in messages(response)
    scene.unit_return.refresh_from_db()
    assert scene.unit_return.status == "draft"


def test_submitting_twice_is_refused(scene, reporter):
    assert reporter("POST", f"/returns/{scene.unit_return.pk}/submit").status_code == 200
    response = reporter("POST", f"/returns/{scene.unit_return.pk}/submit")
    assert response.status_code == 422 and "不能重复报送" in messages(response)


def test_verifying_a_draft_is_refused(scene, bureau):
    response = bureau("POST", f"/returns/{scene.unit_return.pk}/verify")
    assert response.status_code == 422
    assert fields(response) == {"status"} and "只有已报送的月报可以审核" in messages(response)
    scene.unit_return.refresh_from_db()
    assert scene.unit_return.status == "draft"


def test_sending_back_without_a_reason_is_refused(scene, bureau):
    reporting_actions.submit_return(
        actor=scene.world.township_reporter, unit_return=scene.unit_return
    )
    response = bureau("POST", f"/returns/{scene.unit_return.pk}/send-back", {"reason": " "})
    assert response.status_code == 422
    assert fields(response) == {"reason"} and "必须说明理由" in messages(response)
    scene.unit_return.refresh_from_db()
    assert scene.unit_return.status == "submitted"


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"period": "2026-13", "unit_id": 0}, "period", "月份应在1至12之间"),
        ({"period": "2026-05"}, "unit_id", "缺少"),
        ({"period": "2026-05", "unit_id": "XG"}, "unit_id", "格式不正确"),
    ],
)
def test_bad_prefill_request_is_refused(scene, reporter, body, field, words):
    before = _snapshot()
    response = reporter("POST", "/returns", body)
    assert response.status_code == 422
    assert field in fields(response) and words in messages(response)
    assert _snapshot() == before


def test_prefill_for_a_period_not_yet_opened_is_refused(scene, reporter):
    response = reporter(
        "POST", "/returns", {"period": "2026-05", "unit_id": scene.world.xianggong.pk}
    )
    assert response.status_code == 422
    assert fields(response) == {"period"} and "尚未开启" in messages(response)


def test_bad_period_in_the_list_of_returns_is_refused(scene, reporter):
    response = reporter("GET", "/returns", period="2026年3月")
    assert response.status_code == 422
    assert fields(response) == {"period"}
