"""The leaders' dashboard: who may open it, that its figures are the bulletin's, drill-downs."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.bulletins.scenario import Quarter
from tests.world import World
from zhaoshang.bulletins import queries as bulletin_queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.templatetags.bulletin_tags import pct, wan
from zhaoshang.bulletins.views import context_for
from zhaoshang.core.periods import Period
from zhaoshang.dashboard import queries

MARCH = reverse("dashboard:detail", args=[2026, 3])
READERS = ["bureau", "leader", "auditor", "admin"]
REFUSED = ["township_reporter", "dept_reporter", "unit_leader", "outsider"]


def _chart(response) -> dict:
    html = response.content.decode()
    start = html.index('id="dashboard-chart-data"')
    start = html.index(">", start) + 1
    return json.loads(html[start : html.index("</script>", start)])


@pytest.mark.parametrize("persona", READERS)
def test_bureau_leaders_auditors_and_admins_open_the_dashboard(
    world: World, quarter: Quarter, login, persona: str
) -> None:
    for url in (reverse("dashboard:index"), MARCH):
        response = login(getattr(world, persona)).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "河东区 2026年3月 领导驾驶舱" in html
        assert "echarts/echarts.min.js" in html


@pytest.mark.parametrize("persona", REFUSED)
def test_unit_people_are_refused_and_read_their_bulletin_instead(
    world: World, quarter: Quarter, login, persona: str
) -> None:
    client = login(getattr(world, persona))
    for url in (
        reverse("dashboard:index"),
        MARCH,
        reverse("dashboard:status", args=[2026, 3, "results"]),
    ):
        assert client.get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(world: World, quarter: Quarter) -> None:
    for url in (
        reverse("dashboard:index"),
        MARCH,
        reverse("dashboard:status", args=[2026, 3, "results"]),
    ):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"] or "login" in response["Location"]


@pytest.mark.parametrize("month", [1, 2, 3])
def test_dashboard_figures_equal_the_bulletins_for_every_period(
    world: World, quarter: Quarter, month: int
) -> None:
    period = Period(2026, month)
    board = queries.dashboard(world.leader, period)
    assert board is not None
    bulletin = context_for(world.district, period)["bulletin"]
    assert board.bulletin == bulletin
    assert board.totals.funds_ytd.total == bulletin.totals.funds_ytd.total
    assert board.totals.completion_pct == bulletin.totals.completion_pct
    counts = {code: n for code, _, n in board.status_counts()}
    assert sum(counts.values()) == 5
    assert counts["not_reported"] == len(bulletin.lists.not_reported)


def test_march_key_figures_show_on_the_page(world: World, quarter: Quarter, login) -> None:
    bulletin = compute(bulletin_queries.gather(world.district, Period(2026, 3)))
    html = login(world.leader).get(MARCH).content.decode()
    assert 'data-figure="projects">3<' in html
    assert f'data-figure="completion">{pct(bulletin.totals.completion_pct)}<' in html
    assert f'data-figure="funds">{wan(bulletin.totals.funds_ytd.total)}<' in html
    assert "全市第6位" in html


def test_trend_compares_this_year_with_last_year_and_links_each_month_to_its_bulletin(
    world: World, quarter: Quarter, login
) -> None:
    chart = _chart(login(world.leader).get(MARCH))
    trend = chart["trend"]
    assert trend["names"] == ["2026年", "2025年"]
    assert trend["this_year"][:3] == ["30.00", "0.00", "45.00"]
    assert trend["this_year"][3:] == [None] * 9
    assert len(trend["last_year"]) == 12
    assert trend["links"][0] == reverse("bulletins:detail", args=[2026, 1])
    assert trend["links"][3] == ""


def test_every_chart_point_drills_down_to_units_or_projects(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.leader)
    chart = _chart(client.get(MARCH))
    ranked = chart["groups"][0]
    assert "相公街道" in ranked["units"]
    link = ranked["links"][ranked["units"].index("相公街道")]
    assert link == reverse("bulletins:drilldown", args=[2026, 3, "T01"])
    assert client.get(link).status_code == 200
    stages = {s["name"]: s for s in chart["pipeline"]}
    assert stages["签约"]["link"].endswith("?stage=signed")
    listed = client.get(stages["签约"]["link"])
    assert listed.status_code == 200
    statuses = {s["name"]: s for s in chart["statuses"]}
    page = client.get(statuses["未报送"]["link"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "招商局" in html and 'data-unit="T01"' not in html
    results = client.get(statuses["有实绩"]["link"]).content.decode()
    assert 'data-unit="T01"' in results


def test_an_unknown_status_or_month_is_not_found(world: World, quarter: Quarter, login) -> None:
    client = login(world.bureau)
    assert client.get(reverse("dashboard:status", args=[2026, 3, "bogus"])).status_code == 404
    assert client.get(reverse("dashboard:detail", args=[2026, 13])).status_code == 404
    assert client.get(reverse("dashboard:detail", args=[2024, 3])).status_code == 404


def test_casework_and_inspection_panels_are_shown(world: World, quarter: Quarter, login) -> None:
    html = login(world.bureau).get(MARCH).content.decode()
    assert 'id="casework-panel"' in html
    assert "?status=open&amp;light=red" in html
    assert 'id="inspections-panel"' in html
    board = queries.dashboard(world.bureau, Period(2026, 3))
    assert board is not None
    assert board.casework_lights == {"green": 0, "yellow": 0, "red": 0}
    assert board.inspections["filed"] == 0


def test_a_district_without_periods_shows_an_empty_dashboard(world: World, login) -> None:
    response = login(world.leader).get(reverse("dashboard:index"))
    assert response.status_code == 200
    assert "暂无数据" in response.content.decode()


def test_open_and_overdue_resolutions_show_on_the_dashboard(
    world: World, quarter: Quarter, login
) -> None:
    from datetime import date

    from zhaoshang.core.calendar_data import seed
    from zhaoshang.meetings import actions as meeting_actions
    from zhaoshang.meetings import resolutions

    seed(range(2026, 2027))
    meeting = meeting_actions.plan_meeting(actor=world.bureau, title="调度会", on=date(2026, 1, 5))
    resolutions.record_resolution(
        actor=world.bureau, meeting=meeting, text="用地报批", owner_unit=world.jiuqu, limit_days=3
    )
    html = login(world.leader).get(MARCH).content.decode()
    assert 'data-figure="resolutions-open">1<' in html
    assert 'data-figure="resolutions-overdue">1<' in html
