"""The API's happy paths: a reporter fills and submits a return, the bureau verifies it, and the
project shows its stage history and verified monthly progress; targets keep every version."""

from __future__ import annotations

from zhaoshang.reporting.models import UnitReturn


def test_reporter_fills_and_submits_then_bureau_verifies_and_progress_appears(scene, caller):
    reporter, bureau = caller("township_reporter"), caller("bureau", "session")
    path = f"/returns/{scene.unit_return.pk}"
    line = {
        "project_id": scene.project.pk,
        "funds_outside_province_yuan": "12000000",
        "funds_abroad_yuan": "500000.5",
        "stage": "construction",
        "stage_date": "2026-03-12",
    }
    saved = reporter("PUT", f"{path}/lines", {"lines": [line], "note": "项目开工"})
    assert saved.status_code == 200, saved.content
    body = saved.json()
    assert body["funds_total_yuan"] == "12500000.50"
    assert body["lines"][0]["funds_abroad_yuan"] == "500000.50"
    assert body["note"] == "项目开工" and body["fields_typed"] > 0

    assert reporter("POST", f"{path}/submit").json()["status"] == "submitted"
    # Not yet verified: the project shows no progress.
    assert reporter("GET", f"/projects/{scene.project.pk}").json()["progress"] == []

    assert bureau("POST", f"{path}/verify").json()["status"] == "verified"
    project = reporter("GET", f"/projects/{scene.project.pk}").json()
    assert project["stage"] == "construction"
    assert [(s["to_stage"], s["on"]) for s in project["stages"]] == [
        ("signed", "2026-01-10"),
        ("construction", "2026-03-12"),
    ]
    assert project["progress"] == [
        {
            "year": 2026,
            "month": 3,
            "funds_within_province_yuan": "0.00",
            "funds_outside_province_yuan": "12000000.00",
            "funds_abroad_yuan": "500000.50",
            "investment_completed_yuan": "0.00",
            "stage": "construction",
        }
    ]
    assert project["funds_total_yuan"] == "12500000.50"

    # A verified return is locked.
    again = reporter("PUT", f"{path}/lines", {"lines": [line]})
    assert again.status_code == 422 and "不能再修改" in again.json()["detail"][0]["message"]


def test_bureau_sends_a_return_back_with_its_reason(scene, caller):
    reporter, bureau = caller("township_reporter", "session"), caller("bureau")
    reporter("POST", f"/returns/{scene.unit_return.pk}/submit")
    response = bureau(
        "POST", f"/returns/{scene.unit_return.pk}/send-back", {"reason": "到位资金缺凭证"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["returned_reason"] == "到位资金缺凭证"
    listed = reporter("GET", "/returns", period="2026-03").json()
    assert [(r["id"], r["status"]) for r in listed] == [(scene.unit_return.pk, "returned")]


def test_prefill_creates_the_return_of_a_unit_from_its_registry(scene, caller, world):
    response = caller("bureau")(
        "POST", "/returns", {"period": "2026-03", "unit_id": world.jiuqu.pk}
    )
    assert response.status_code == 201
    body = response.json()
    assert body["unit"]["id"] == world.jiuqu.pk and body["status"] == "draft"
    assert [line["project_id"] for line in body["lines"]] == [scene.jiuqu_project.pk]
    assert UnitReturn.objects.filter(unit=world.jiuqu).count() == 1


def test_target_keeps_original_and_current_value_with_every_version(scene, caller):
    bureau = caller("bureau")
    adjusted = bureau(
        "POST", f"/targets/{scene.target.pk}/adjust", {"value": "25000000", "reason": "市里下调"}
    )
    assert adjusted.status_code == 200
    target = caller("auditor")("GET", "/targets", year=2026).json()[0]
    assert target["original_value"] == "30000000.00"
    assert target["current_value"] == "25000000.00"
    assert [(v["number"], v["kind"], v["reason"]) for v in target["versions"]] == [
        (1, "baseline", "年初下达"),
        (2, "adjustment", "市里下调"),
    ]


def test_bureau_sets_a_baseline_for_next_year(scene, caller, world):
    body = {"unit_id": world.jiuqu.pk, "indicator": "outside_funds", "year": 2027, "value": "1e7"}
    response = caller("bureau")("POST", "/targets", body)
    assert response.status_code == 201
    assert response.json()["current_value"] == "10000000.00"
    assert caller("bureau")("GET", "/targets", year=2027, unit=world.jiuqu.pk).json()[0]["id"]
