"""The casework API: who may read and write, and bad input as 422 with Chinese messages."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from tests.casework.helpers import intake, register
from zhaoshang.casework.models import Case

pytestmark = pytest.mark.django_db

BASE = "/api/v1/cases"
ALL = [
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
    "outsider",
]


def caller(world, login, persona):
    return Client() if persona == "anonymous" else login(getattr(world, persona))


def test_reading_cases_follows_the_scope(world, login, cal):
    case = register(world.township_reporter)
    readers = {"township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"}
    for persona in [*ALL, "anonymous"]:
        c = caller(world, login, persona)
        listing = c.get(BASE)
        detail = c.get(f"{BASE}/{case.pk}")
        if persona == "anonymous":
            assert (listing.status_code, detail.status_code) == (401, 401)
            continue
        assert listing.status_code == 200
        assert ([r["code"] for r in listing.json()] == [case.code]) is (persona in readers)
        assert detail.status_code == (200 if persona in readers else 404), persona
    body = login(world.bureau).get(f"{BASE}/{case.pk}").json()
    assert body["steps"][0]["kind"] == "registered" and "2026-03-09" in body["deadline_explanation"]


def test_writing_is_for_the_owner_unit_and_the_bureau(world, login, cal):
    case = register(world.township_reporter)
    url = f"{BASE}/{case.pk}/complete"
    expected = {
        "dept_reporter": 404,
        "outsider": 404,
        "leader": 403,
        "auditor": 403,
        "anonymous": 401,
    }
    for persona, status in expected.items():
        r = caller(world, login, persona).post(
            url, json.dumps({"result": "x"}), content_type="application/json"
        )
        assert r.status_code == status, persona
    r = login(world.bureau).post(
        url, json.dumps({"result": "已办结"}), content_type="application/json"
    )
    assert r.status_code == 200 and r.json()["status"] == "completed"


def test_bad_input_answers_422_with_fields(world, login, cal):
    c = login(world.township_reporter)
    r = c.post(
        BASE,
        json.dumps({**intake(uscc="ABC"), "channel": "visit"}),
        content_type="application/json",
    )
    assert r.status_code == 422 and r.json()["detail"][0]["field"] == "uscc"
    case = register(world.township_reporter)
    same = c.post(
        f"{BASE}/{case.pk}/pass",
        json.dumps({"to_unit_id": world.xianggong.pk, "reason": "x"}),
        content_type="application/json",
    )
    assert same.status_code == 422 and "不能转办给本单位" in same.json()["detail"][0]["message"]
    empty = c.post(
        f"{BASE}/{case.pk}/complete", json.dumps({"result": ""}), content_type="application/json"
    )
    assert empty.status_code == 422 and empty.json()["detail"][0]["field"] == "result"
    created = c.post(
        BASE, json.dumps({**intake(), "channel": "visit"}), content_type="application/json"
    )
    assert created.status_code == 201 and Case.objects.filter(code=created.json()["code"]).exists()


def test_pass_and_accept_through_the_api_follow_the_owner(world, login, cal):
    case = register(world.township_reporter)
    body = json.dumps({"to_unit_id": world.gongxiaoshe.pk, "reason": "属供销社职责"})
    url = f"{BASE}/{case.pk}/pass"
    assert (
        caller(world, login, "dept_reporter")
        .post(url, body, content_type="application/json")
        .status_code
        == 404
    )
    assert (
        caller(world, login, "leader").post(url, body, content_type="application/json").status_code
        == 403
    )
    passed = login(world.township_reporter).post(url, body, content_type="application/json")
    assert passed.status_code == 200 and passed.json()["status"] == "passed"
    accept = f"{BASE}/{case.pk}/accept"
    for persona, status in {
        "township_reporter": 403,
        "outsider": 404,
        "anonymous": 401,
        "auditor": 403,
    }.items():
        assert caller(world, login, persona).post(accept).status_code == status, persona
    accepted = login(world.dept_reporter).post(accept)
    assert accepted.status_code == 200 and accepted.json()["owner_unit"]["name"] == "供销社"
