"""The inspections API: scope, who may file and approve, errors in Chinese."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.inspections.helpers import make_enterprise, protect, routine_date_after, seed_calendar
from zhaoshang.inspections.models import Filing

pytestmark = pytest.mark.django_db

BASE = "/api/v1/inspections"


@pytest.fixture(autouse=True)
def _calendar(db):
    today = timezone.localdate()
    seed_calendar(today.year, today.year + 1)


def _payload(e, **kw):
    planned = routine_date_after(timezone.localdate())
    return {
        "uscc": e.uscc,
        "kind": "routine",
        "matter": "消防",
        "legal_basis": "消防法",
        "items": "消防通道",
        "inspectors": ["甲", "乙"],
        "planned_date": planned.isoformat(),
    } | kw


def test_anonymous_gets_401_everywhere(client, world):
    assert client.get(f"{BASE}/enterprises").status_code == 401
    assert client.get(f"{BASE}/filings").status_code == 401
    assert client.post(f"{BASE}/filings", {}, content_type="application/json").status_code == 401


def test_enterprises_are_scoped(world, login):
    e = make_enterprise(world)
    assert [r["uscc"] for r in login(world.bureau).get(f"{BASE}/enterprises").json()] == [e.uscc]
    assert login(world.dept_reporter).get(f"{BASE}/enterprises").json() == []
    assert login(world.dept_reporter).get(f"{BASE}/enterprises/{e.pk}").status_code == 404


def test_a_department_files_through_the_api_and_bad_input_gets_every_reason(world, login):
    e = make_enterprise(world)
    c = login(world.dept_reporter)
    bad = c.post(
        f"{BASE}/filings",
        _payload(e, inspectors=["甲"], planned_date="2020-01-01"),
        content_type="application/json",
    )
    assert bad.status_code == 422
    fields = {d["field"] for d in bad.json()["detail"]}
    assert fields == {"inspectors", "planned_date"}
    ok = c.post(f"{BASE}/filings", _payload(e), content_type="application/json")
    assert ok.status_code == 201 and ok.json()["department"]["id"] == world.gongxiaoshe.pk
    assert ok.json()["code"]
    denied = login(world.bureau).post(
        f"{BASE}/filings", _payload(e, matter="环保"), content_type="application/json"
    )
    assert denied.status_code == 403
    assert login(world.township_reporter).get(f"{BASE}/filings").json() == []


def test_only_the_bureau_approves_through_the_api(world, login):
    e = make_enterprise(world)
    today = timezone.localdate()
    protect(world, e, today, today.replace(year=today.year + 1, day=1))
    made = (
        login(world.dept_reporter)
        .post(f"{BASE}/filings", _payload(e), content_type="application/json")
        .json()
    )
    assert made["status"] == "pending" and made["code"] is None
    url = f"{BASE}/filings/{made['id']}/approve"
    assert (
        login(world.dept_reporter).post(url, {}, content_type="application/json").status_code == 403
    )
    assert login(world.leader).post(url, {}, content_type="application/json").status_code == 403
    ok = login(world.bureau).post(url, {"note": "同意"}, content_type="application/json")
    assert ok.status_code == 200 and ok.json()["code"]
    assert Filing.objects.get().status == "filed"
    stats = (
        login(world.bureau)
        .get(f"{BASE}/stats/{made['planned_date'][:4]}/{int(made['planned_date'][5:7])}")
        .json()
    )
    assert stats[0]["filed"] == 1
