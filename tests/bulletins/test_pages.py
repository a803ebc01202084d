"""The bulletin page and the drill-down: who may see what."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.bulletins.scenario import Quarter
from tests.world import World

MARCH = reverse("bulletins:detail", args=[2026, 3])
FEBRUARY = reverse("bulletins:detail", args=[2026, 2])


def _drill(code: str, month: int = 3) -> str:
    return reverse("bulletins:drilldown", args=[2026, month, code])


@pytest.mark.parametrize(
    "persona",
    ["township_reporter", "dept_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"],
)
def test_everyone_of_the_district_sees_the_whole_bulletin(
    world: World, quarter: Quarter, login, persona: str
) -> None:
    response = login(getattr(world, persona)).get(MARCH)
    assert response.status_code == 200
    html = response.content.decode()
    assert "1-3月,全区共有各类招商引资项目3个" in html
    for name in ("相公街道", "九曲街道", "供销社", "国土资源局", "招商局"):
        assert name in html
    assert 'id="bulletin-chart-data"' in html
    assert "echarts/echarts.min.js" in html


def test_anonymous_visitors_are_sent_to_log_in(world: World, quarter: Quarter) -> None:
    for url in (reverse("bulletins:latest"), MARCH, _drill("T01")):
        response = Client().get(url)
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_latest_shows_the_latest_period_with_verified_returns(
    world: World, quarter: Quarter, login
) -> None:
    html = login(world.bureau).get(reverse("bulletins:latest")).content.decode()
    assert "2026年3月" in html and "在全市排第六位" in html
    assert FEBRUARY in html  # the period switcher links every period


def test_the_period_switcher_opens_another_month(world: World, quarter: Quarter, login) -> None:
    html = login(world.bureau).get(FEBRUARY).content.decode()
    assert "1-2月,全区共有各类招商引资项目3个" in html
    assert "在全市排" not in html


def test_a_period_that_was_never_opened_is_not_found_with_a_chinese_message(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.bureau)
    response = client.get(reverse("bulletins:detail", args=[2026, 7]))
    assert response.status_code == 404
    assert client.get("/bulletins/2026-13/").status_code == 404


def test_the_outsider_sees_only_their_own_district_not_this_one(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.outsider)
    latest = client.get(reverse("bulletins:latest"))
    assert latest.status_code == 200
    assert "相公街道" not in latest.content.decode()
    assert client.get(MARCH).status_code == 404  # 河西区 has no March period
    assert client.get(_drill("T01")).status_code == 403


def test_a_reporter_sees_only_their_own_units_drilldown(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.township_reporter)
    own = client.get(_drill("T01"), HTTP_HX_REQUEST="true")
    assert own.status_code == 200
    html = own.content.decode()
    assert "已审核月报明细" in html and quarter.projects["xg"].name in html
    assert "<html" not in html  # an htmx fragment
    assert client.get(_drill("T02")).status_code == 403
    assert client.get(_drill("B01")).status_code == 403
    page = client.get(MARCH).content.decode()
    assert _drill("T01") in page and _drill("T02") not in page


@pytest.mark.parametrize("persona", ["bureau", "leader", "auditor", "admin"])
def test_district_roles_open_any_units_drilldown(
    world: World, quarter: Quarter, login, persona: str
) -> None:
    response = login(getattr(world, persona)).get(_drill("B01"))
    assert response.status_code == 200
    assert quarter.projects["gx"].name in response.content.decode()


def test_the_drilldown_lists_the_verified_lines_behind_the_figure(
    world: World, quarter: Quarter, login
) -> None:
    html = login(world.bureau).get(_drill("T01"), HTTP_HX_REQUEST="true").content.decode()
    assert "2026年1月" in html and "2026年3月" in html
    assert ">30<" in html and ">20<" in html  # 30万 in January, 20万 in March


def test_a_bad_drilldown_period_is_not_found(world: World, quarter: Quarter, login) -> None:
    assert login(world.bureau).get("/bulletins/2026-0/units/T01/").status_code == 404
