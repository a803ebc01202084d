"""Who may read what, through session and token alike: the same scope as the pages.
Rows outside the caller's scope answer 404, never revealing that they exist."""

from __future__ import annotations

import pytest

from tests.api.conftest import MODES, PERSONAS

# Who sees 相公街道's rows (its unit, project, target, return).
SEES_XIANGGONG = {
    "township_reporter": True,
    "dept_reporter": False,
    "unit_leader": True,
    "bureau": True,
    "leader": True,
    "auditor": True,
    "admin": True,
    "outsider": False,
}


def _detail_paths(scene) -> list[str]:
    return [
        f"/units/{scene.world.xianggong.pk}",
        f"/projects/{scene.project.pk}",
        f"/targets/{scene.target.pk}",
        f"/returns/{scene.unit_return.pk}",
    ]


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_detail_endpoints_answer_only_within_the_callers_scope(scene, caller, persona, mode):
    call = caller(persona, mode)
    for path in _detail_paths(scene):
        response = call("GET", path)
        expected = 200 if SEES_XIANGGONG[persona] else 404
        assert response.status_code == expected, (path, response.content)
        if expected == 404:
            assert response.json()["detail"] == "未找到,或不在您的数据范围内"


@pytest.mark.parametrize("mode", MODES)
@pytest.mark.parametrize("persona", PERSONAS)
def test_list_endpoints_hold_only_rows_in_scope(scene, caller, persona, mode):
    call = caller(persona, mode)
    lists = {
        "/units": ({}, scene.world.xianggong.pk),
        "/projects": ({}, scene.project.pk),
        "/targets": ({"year": 2026}, scene.target.pk),
        "/returns": ({"period": "2026-03"}, scene.unit_return.pk),
    }
    for path, (query, xianggong_id) in lists.items():
        response = call("GET", path, **query)
        assert response.status_code == 200, (path, response.content)
        ids = {row["id"] for row in response.json()}
        assert (xianggong_id in ids) is SEES_XIANGGONG[persona], path


def test_reporter_lists_only_the_own_units_projects(scene, caller):
    ids = {row["id"] for row in caller("township_reporter")("GET", "/projects").json()}
    assert ids == {scene.project.pk}


def test_bureau_lists_every_project_of_its_district_but_none_elsewhere(scene, caller, world):
    from tests.world import make_project

    elsewhere = make_project(world, world.other_unit, actor=world.admin)
    ids = {row["id"] for row in caller("bureau")("GET", "/projects").json()}
    assert ids == {scene.project.pk, scene.jiuqu_project.pk}
    assert elsewhere.pk not in ids


def test_outsider_sees_only_its_own_unit(scene, caller, world):
    units = caller("outsider", "session")("GET", "/units").json()
    assert [u["name"] for u in units] == [world.other_unit.name]


@pytest.mark.parametrize(
    "path",
    [
        "/units",
        "/units/1",
        "/projects",
        "/projects/1",
        "/targets?year=2026",
        "/targets/1",
        "/returns?period=2026-03",
        "/returns/1",
        "/bulletins/2026-03",
    ],
)
def test_anonymous_callers_get_401_on_every_read(scene, caller, path):
    response = caller(None).client.get(f"/api/v1{path}")
    assert response.status_code == 401
    assert "请先登录" in response.json()["detail"]


def test_project_filters_by_unit_stage_and_year(scene, caller, world):
    call = caller("bureau")
    assert {p["id"] for p in call("GET", "/projects", unit=world.jiuqu.pk).json()} == {
        scene.jiuqu_project.pk
    }
    assert call("GET", "/projects", stage="construction").json() == []
    assert len(call("GET", "/projects", stage="signed", year=2026).json()) == 2
    assert call("GET", "/projects", year=2025).json() == []


def test_unit_detail_names_its_group_and_counts_projects_by_stage(scene, caller):
    body = caller("leader")("GET", f"/units/{scene.world.xianggong.pk}").json()
    assert body["group"] == {"code": "township", "name": "乡镇街道"}
    assert body["projects_count"] == 1
    assert body["projects_by_stage"] == {"signed": 1}
