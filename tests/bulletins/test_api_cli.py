"""The same document from the API and from `zhaoshang bulletin`."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from tests.bulletins.scenario import Quarter
from tests.world import World
from zhaoshang.core.models import Event

URL = "/api/v1/bulletins/2026-03"


def _cli(*args: str) -> str:
    out = StringIO()
    call_command("bulletin", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize("persona", ["township_reporter", "bureau", "leader", "auditor", "admin"])
def test_the_api_returns_the_same_document_as_the_cli(
    world: World, quarter: Quarter, login, persona: str
) -> None:
    response = login(getattr(world, persona)).get(URL)
    assert response.status_code == 200
    assert response.json() == json.loads(_cli("2026-03"))


def test_the_document_has_the_agreed_shape(world: World, quarter: Quarter, login) -> None:
    doc = login(world.bureau).get(URL).json()
    assert doc["period"] == "2026-03"
    assert {
        "projects",
        "projects_new",
        "projects_continuing",
        "outside_funds_wan_yuan",
        "city_rank",
    } <= set(doc["totals"])
    unit = doc["groups"][0]["units"][0]
    assert {
        "unit",
        "status",
        "rank",
        "outside_funds_wan_yuan",
        "target_wan_yuan",
        "completion_pct",
        "gap_pp",
    } <= set(unit)
    assert {"fastest", "no_results", "negotiating_only", "not_reported"} <= set(doc["lists"])
    assert isinstance(doc["narrative"], list) and all(isinstance(p, str) for p in doc["narrative"])


def test_anonymous_api_callers_are_refused(world: World, quarter: Quarter) -> None:
    response = Client().get(URL)
    assert response.status_code in (401, 403)
    assert "period" not in response.json()


def test_the_outsider_gets_nothing_of_this_district_from_the_api(
    world: World, quarter: Quarter, login
) -> None:
    response = login(world.outsider).get(URL)
    assert response.status_code == 404
    assert "河西区" in response.json()["detail"]


@pytest.mark.parametrize("period", ["2026-3x", "2026-13", "march", "2026-00"])
def test_a_malformed_period_gets_422_with_a_chinese_message(
    world: World, quarter: Quarter, login, period: str
) -> None:
    events = Event.objects.count()
    response = login(world.bureau).get(f"/api/v1/bulletins/{period}")
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["field"] == "period"
    assert "期间" in error["message"] or "月份" in error["message"]
    assert Event.objects.count() == events


def test_a_period_without_data_gets_404_with_a_chinese_message(
    world: World, quarter: Quarter, login
) -> None:
    response = login(world.bureau).get("/api/v1/bulletins/2026-08")
    assert response.status_code == 404
    assert response.json()["detail"] == "河东区没有2026年8月的填报期"


def test_the_bulletin_appears_in_the_openapi_schema(world: World, login) -> None:
    schema = login(world.bureau).get("/api/v1/openapi.json").json()
    assert "/api/v1/bulletins/{period}" in schema["paths"]
    assert "BulletinOut" in schema["components"]["schemas"]


def test_cli_writes_html_with_the_narrative(world: World, quarter: Quarter) -> None:
    html = _cli("2026-03", "--format", "html", "--district", "D1")
    assert html.startswith("<!doctype html>")
    assert "1-3月,全区共有各类招商引资项目3个" in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2026-3x"], "期间格式应为 YYYY-MM"),
        (["2026-13"], "月份应在1至12之间"),
        (["2026-03", "--format", "odt"], "未知的输出格式 “odt”"),
        (["2026-08"], "河东区没有2026年8月的填报期"),
        (["2026-03", "--district", "NOPE"], "找不到代码为 “NOPE” 的县区"),
    ],
)
def test_cli_refuses_bad_input_with_a_clear_message(
    world: World, quarter: Quarter, args: list[str], message: str
) -> None:
    with pytest.raises(CommandError, match=message):
        _cli(*args)


def test_cli_without_any_period_says_there_is_no_data(world: World) -> None:
    with pytest.raises(CommandError, match="还没有任何县区开启填报期"):
        _cli("2026-03")


def test_cli_asks_for_a_district_when_several_have_periods(world: World, quarter: Quarter) -> None:
    from datetime import date

    from zhaoshang.reporting import actions

    actions.open_period(
        actor=world.admin,
        district=world.other_district,
        year=2026,
        month=3,
        deadline=date(2026, 3, 28),
    )
    with pytest.raises(CommandError, match="--district"):
        _cli("2026-03")
    assert '"district": "河西区"' in _cli("2026-03", "--district", "D2")
