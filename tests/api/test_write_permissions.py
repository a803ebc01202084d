"""Who may change what through the API: each write endpoint × every persona × session and token.
A denied write changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.api.conftest import MODES, PERSONAS
from tests.world import uscc
from zhaoshang.core.models import Event
from zhaoshang.reporting import actions as reporting_actions

# Writes on 相公街道's rows: its own people and the bureau (and admin) may; leaders and auditors
# read only (403); anyone who cannot even see the row gets 404.
UNIT_WRITE = {
    "township_reporter": 200,
    "dept_reporter": 404,
    "unit_leader": 200,
    "bureau": 200,
    "leader": 403,
    "auditor": 403,
    "admin": 200,
    "outsider": 404,
}
# Bureau-only writes (targets, verify, send back): reporters and unit leaders see but may not.
BUREAU_WRITE = {
    **UNIT_WRITE,
    "township_reporter": 403,
    "unit_leader": 403,
}


def _new_project(scene: Any) -> tuple[str, str, dict[str, Any]]:
    return (
        "POST",
        "/projects",
        {
            "lead_unit_id": scene.world.xianggong.pk,
            "uscc": uscc(),
            "investor_name": "新投资方",
            "code": "API-1",
            "name": "接口登记项目",
            "origin": "abroad",
            "industry": "logistics",
            "planned_investment_yuan": "12000000",
            "start_date": "2026-02-01",
            "stage": "signed",
        },
    )


def _submitted(scene: Any) -> None:
    reporting_actions.submit_return(
        actor=scene.world.township_reporter, unit_return=scene.unit_return
    )


ENDPOINTS: dict[str, tuple[Callable[[Any], tuple[str, str, Any]], dict[str, int], int]] = {
    "create_project": (_new_project, UNIT_WRITE, 201),
    "update_project": (
        lambda s: ("PATCH", f"/projects/{s.project.pk}", {"name": "改名后的项目"}),
        UNIT_WRITE,
        200,
    ),
    "change_stage": (
        lambda s: (
            "POST",
            f"/projects/{s.project.pk}/stage",
            {"to_stage": "construction", "on": "2026-03-02"},
        ),
        UNIT_WRITE,
        200,
    ),
    "set_baseline": (
        lambda s: (
            "POST",
            "/targets",
            {
                "unit_id": s.world.xianggong.pk,
                "indicator": "outside_funds",
                "year": 2027,
                "value": "40000000",
            },
        ),
        BUREAU_WRITE,
        201,
    ),
    "adjust_target": (
        lambda s: (
            "POST",
            f"/targets/{s.target.pk}/adjust",
            {"value": "35000000", "reason": "年中调整"},
        ),
        BUREAU_WRITE,
        200,
    ),
    "prefill_return": (
        lambda s: ("POST", "/returns", {"period": "2026-03", "unit_id": s.world.xianggong.pk}),
        UNIT_WRITE,
        201,
    ),
    "save_lines": (
        lambda s: (
            "PUT",
            f"/returns/{s.unit_return.pk}/lines",
            {
                "lines": [{"project_id": s.project.pk, "funds_abroad_yuan": "5000000"}],
                "note": "到位500万元",
            },
        ),
        UNIT_WRITE,
        200,
    ),
    "submit_return": (
        lambda s: ("POST", f"/returns/{s.unit_return.pk}/submit", None),
        UNIT_WRITE,
        200,
    ),
}
BUREAU_ENDPOINTS = {
    "verify_return": lambda s: ("POST", f"/returns/{s.unit_return.pk}/verify", None),
    "send_back_return": lambda s: (
        "POST",
        f"/returns/{s.unit_return.pk}/send-back",
        {"reason": "数据需核实"},
    ),
}


def _expect(table: dict[str, int], persona: str, success: int) -> int:
    status = table[persona]
    return success if status == 200 else status


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_write_endpoints_follow_the_scope_rules(scene, caller, persona, mode, endpoint):
    build, table, success = ENDPOINTS[endpoint]
    method, path, body = build(scene)
    call = caller(persona, mode)
    events_before = Event.objects.count()
    response = call(method, path, body)
    expected = _expect(table, persona, success)
    assert response.status_code == expected, response.content
    if expected >= 400:
        assert Event.objects.count() == events_before, "a refused write must change nothing"
        assert isinstance(response.json()["detail"], str)
    elif endpoint != "prefill_return":  # prefilling an existing return is a no-op by design
        assert Event.objects.count() > events_before


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("endpoint", sorted(BUREAU_ENDPOINTS))
def test_only_the_bureau_verifies_or_sends_back_returns(scene, caller, persona, mode, endpoint):
    _submitted(scene)
    method, path, body = BUREAU_ENDPOINTS[endpoint](scene)
    response = caller(persona, mode)(method, path, body)
    assert response.status_code == _expect(BUREAU_WRITE, persona, 200), response.content
    scene.unit_return.refresh_from_db()
    expected_status = {"verify_return": "verified", "send_back_return": "returned"}[endpoint]
    assert (scene.unit_return.status == expected_status) is (response.status_code == 200)


ALL_WRITES = [
    ("POST", "/projects"),
    ("PATCH", "/projects/1"),
    ("POST", "/projects/1/stage"),
    ("POST", "/targets"),
    ("POST", "/targets/1/adjust"),
    ("POST", "/returns"),
    ("PUT", "/returns/1/lines"),
    ("POST", "/returns/1/submit"),
    ("POST", "/returns/1/verify"),
    ("POST", "/returns/1/send-back"),
]


@pytest.mark.parametrize(("method", "path"), ALL_WRITES)
def test_anonymous_callers_get_401_on_every_write(scene, caller, method, path):
    events_before = Event.objects.count()
    response = caller(None)(method, path, {})
    assert response.status_code == 401
    assert Event.objects.count() == events_before


def test_reporter_posting_to_another_units_project_by_id_gets_404_and_nothing_changes(
    scene, caller
):
    before = scene.jiuqu_project.name
    call = caller("township_reporter")
    assert call("PATCH", f"/projects/{scene.jiuqu_project.pk}", {"name": "偷改"}).status_code == 404
    stage = {"to_stage": "construction", "on": "2026-03-02"}
    assert call("POST", f"/projects/{scene.jiuqu_project.pk}/stage", stage).status_code == 404
    scene.jiuqu_project.refresh_from_db()
    assert scene.jiuqu_project.name == before
    assert scene.jiuqu_project.stage == "signed"


def test_created_project_is_returned_with_its_amount_as_a_decimal_string(scene, caller):
    method, path, body = _new_project(scene)
    response = caller("township_reporter", "session")(method, path, body)
    assert response.status_code == 201
    created = response.json()
    assert created["planned_investment_yuan"] == "12000000.00"
    assert created["lead_unit"]["id"] == scene.world.xianggong.pk
    assert [s["to_stage"] for s in created["stages"]] == ["signed"]
