"""Who may and who may not, for every assessment page and the API endpoint."""

from __future__ import annotations

from datetime import date

from django.test import Client
from django.urls import reverse

from tests.assessment.conftest import SCHEME_FILE
from zhaoshang.assessment import actions
from zhaoshang.assessment.models import (
    AssessmentRun,
    Deduction,
    MeasureEntry,
    Objection,
    Result,
    Scheme,
)

PERSONAS = [
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
    "outsider",
    "anonymous",
]
DISTRICT_READERS = {
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
}


def client_for(world, login, persona: str) -> Client:
    return Client() if persona == "anonymous" else login(getattr(world, persona))


def statuses(world, login, method: str, url: str, data=None, personas=PERSONAS) -> dict[str, int]:
    result = {}
    for persona in personas:
        client = client_for(world, login, persona)
        response = client.get(url) if method == "get" else client.post(url, data or {})
        result[persona] = response.status_code
    return result


def expect(readers: set[str], *, ok: int = 200, denied: int = 404) -> dict[str, int]:
    return {p: (302 if p == "anonymous" else ok if p in readers else denied) for p in PERSONAS}


def test_the_index_and_ledger_are_for_signed_in_people(world, login, scheme):
    for name in ("assessment:index", "assessment:ledger"):
        got = statuses(world, login, "get", reverse(name))
        assert got == expect(set(PERSONAS) - {"anonymous"}), name


def test_the_bureau_alone_sees_the_forms_to_run_and_record(world, login, scheme):
    page = login(world.bureau).get(reverse("assessment:index")).content.decode()
    assert "计算并公示考核结果" in page
    page = login(world.leader).get(reverse("assessment:index")).content.decode()
    assert "计算并公示考核结果" not in page and scheme.name in page
    assert (
        scheme.name not in login(world.outsider).get(reverse("assessment:index")).content.decode()
    )


def test_a_scheme_and_its_yaml_are_read_by_the_district_only(world, login, scheme):
    for name in ("assessment:scheme", "assessment:scheme_yaml"):
        got = statuses(world, login, "get", reverse(name, args=[scheme.pk]))
        assert got == expect(DISTRICT_READERS), name


def test_rankings_are_read_by_the_district_and_units_see_only_their_own_row(world, login, run):
    url = reverse("assessment:run", args=[run.pk])
    assert statuses(world, login, "get", url) == expect(DISTRICT_READERS)
    own = login(world.township_reporter).get(url).content.decode()
    assert "相公街道" in own and "九曲街道" not in own
    everyone = login(world.leader).get(url).content.decode()
    assert "九曲街道" in everyone and "供销社" in everyone


def test_a_score_sheet_is_read_by_its_unit_and_the_district_staff(world, login, run):
    result = Result.objects.get(run=run, unit=world.xianggong)
    url = reverse("assessment:sheet", args=[result.pk])
    allowed = {"township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"}
    assert statuses(world, login, "get", url) == expect(allowed)
    page = login(world.township_reporter).get(url).content.decode()
    assert "到位市外资金完成率50%×50=25" in page
    assert "提出异议" in page


def test_only_the_bureau_saves_a_scheme(world, login):
    body = SCHEME_FILE.read_text(encoding="utf-8")
    url = reverse("assessment:save_scheme")
    denied = [p for p in PERSONAS if p not in {"bureau", "admin"}]
    got = statuses(world, login, "post", url, {"body": body}, personas=denied)
    assert got == {p: (302 if p == "anonymous" else 403) for p in denied}
    assert not Scheme.objects.exists()
    response = login(world.bureau).post(url, {"body": body})
    assert response.status_code == 302
    assert Scheme.objects.get().version == 1


def test_a_bad_scheme_is_shown_back_with_the_fault_and_nothing_saved(world, login):
    body = "name: 方案\nyear: 2026\ntotal: 10\nitems:\n  - {code: a, name: 甲, weight: 9, method: ratio, measure: funds_completion}\n"
    response = login(world.bureau).post(reverse("assessment:save_scheme"), {"body": body})
    assert response.status_code == 400
    assert "各考核项分值之和为9(甲9),与满分10不符" in response.content.decode()
    assert not Scheme.objects.exists()


def test_only_the_bureau_runs_a_scheme(world, login, quarter, scheme):
    url = reverse("assessment:run_scheme")
    data = {"scheme": scheme.pk, "period": "2026-Q1"}
    denied = [p for p in PERSONAS if p not in {"bureau", "admin"}]
    got = statuses(world, login, "post", url, data, personas=denied)
    assert got == {p: (302 if p == "anonymous" else 403) for p in denied}
    assert not AssessmentRun.objects.exists()
    response = login(world.bureau).post(url, data)
    assert response.status_code == 302
    assert AssessmentRun.objects.get().results.count() == 5


def test_only_the_bureau_finalises(world, login, run):
    url = reverse("assessment:finalise", args=[run.pk])
    denied = [p for p in PERSONAS if p not in {"bureau", "admin"}]
    got = statuses(world, login, "post", url, personas=denied)
    assert got == {
        p: (302 if p == "anonymous" else 404 if p == "outsider" else 403) for p in denied
    }
    run.refresh_from_db()
    assert not run.is_final
    assert login(world.bureau).post(url).status_code == 302
    run.refresh_from_db()
    assert run.is_final


def test_only_the_units_own_people_file_an_objection(world, login, run):
    result = Result.objects.get(run=run, unit=world.xianggong)
    url = reverse("assessment:object", args=[result.pk])
    data = {"text": "3月到位资金少计了20万元"}
    denied = [p for p in PERSONAS if p not in {"township_reporter", "unit_leader"}]
    got = statuses(world, login, "post", url, data, personas=denied)
    assert got == {
        "dept_reporter": 404,
        "bureau": 403,
        "leader": 403,
        "auditor": 403,
        "admin": 403,
        "outsider": 404,
        "anonymous": 302,
    }
    assert not Objection.objects.exists()
    assert login(world.township_reporter).post(url, data).status_code == 302
    assert login(world.unit_leader).post(url, data).status_code == 302
    assert Objection.objects.count() == 2


def test_only_the_bureau_resolves_an_objection(world, login, run):
    result = Result.objects.get(run=run, unit=world.xianggong)
    objection = actions.file_objection(
        actor=world.township_reporter, result=result, text="少计资金"
    )
    url = reverse("assessment:resolve", args=[objection.pk])
    data = {"decision": "rejected", "resolution": "经核实无误"}
    denied = [p for p in PERSONAS if p not in {"bureau", "admin"}]
    got = statuses(world, login, "post", url, data, personas=denied)
    assert got == {
        "township_reporter": 403,
        "unit_leader": 403,
        "dept_reporter": 404,
        "leader": 403,
        "auditor": 403,
        "outsider": 404,
        "anonymous": 302,
    }
    objection.refresh_from_db()
    assert objection.status == Objection.Status.OPEN
    assert login(world.bureau).post(url, data).status_code == 302
    objection.refresh_from_db()
    assert objection.status == Objection.Status.REJECTED


def test_only_the_bureau_records_deductions_and_measures(world, login, scheme):
    deduction = {
        "unit": world.jiuqu.pk,
        "rule": "fabricated",
        "reason": "重复统计",
        "on": date(2026, 3, 1).isoformat(),
    }
    measure = {"unit": world.jiuqu.pk, "code": "visits_out", "month": 3, "value": "4"}
    denied = [p for p in PERSONAS if p not in {"bureau", "admin"}]
    for name, data in (
        ("assessment:add_deduction", deduction),
        ("assessment:add_measure", measure),
    ):
        got = statuses(world, login, "post", reverse(name), data, personas=denied)
        assert got == {p: (302 if p == "anonymous" else 403) for p in denied}, name
        assert login(world.bureau).post(reverse(name), data).status_code == 302, name
    assert Deduction.objects.get().points == 5
    assert MeasureEntry.objects.get().value == 4


def _api_url(scheme, period: str) -> str:
    return reverse("api:assessment", args=[scheme, period])


def test_the_api_returns_results_scoped_to_the_caller(world, login, run):
    url = _api_url(run.scheme.name, "2026-Q1")
    got = statuses(world, login, "get", url)
    assert got == {
        p: (401 if p == "anonymous" else 404 if p == "outsider" else 200) for p in PERSONAS
    }
    data = login(world.bureau).get(url).json()
    units = [r["unit"] for g in data["groups"] for r in g["results"]]
    assert sorted(units) == sorted(["相公街道", "九曲街道", "供销社", "国土资源局", "招商局"])
    own = login(world.township_reporter).get(url).json()
    assert [r["unit"] for g in own["groups"] for r in g["results"]] == ["相公街道"]
    first = own["groups"][0]["results"][0]["items"][0]
    assert first["explanation"] == "到位市外资金完成率50%×50=25"


def test_the_api_refuses_a_bad_period_in_chinese(world, login, run):
    response = login(world.bureau).get(_api_url(run.scheme.pk, "2026-Q9"))
    assert response.status_code == 422
    assert "考核期间格式应为" in response.json()["detail"][0]["message"]


def test_the_ledger_shows_a_unit_only_its_own_deductions(world, login, run):
    page = login(world.township_reporter).get(reverse("assessment:ledger") + "?year=2026")
    text = page.content.decode()
    assert "招商局" not in text.split("扣分台账", 2)[-1].split("录入的考核指标")[0]
    assert "记录扣分" not in text
    bureau_page = (
        login(world.bureau).get(reverse("assessment:ledger") + "?year=2026").content.decode()
    )
    assert "2026年3月月报未报送" in bureau_page and "记录扣分" in bureau_page
