"""Every dashboard figure drills down to the units or projects behind it, and the lists hold
exactly what the figure counted: the pipeline by stage at the period's end, the counted projects,
the units by status, last year's months, inspections of the month, open and overdue resolutions."""

from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from tests.bulletins.scenario import Quarter
from tests.world import World
from zhaoshang.core.calendar_data import seed
from zhaoshang.meetings import actions as meeting_actions
from zhaoshang.meetings import resolutions

READERS = ["bureau", "leader", "auditor", "admin"]
REFUSED = ["township_reporter", "dept_reporter", "unit_leader", "outsider"]


def _chart(response) -> dict:
    html = response.content.decode()
    start = html.index(">", html.index('id="dashboard-chart-data"')) + 1
    return json.loads(html[start : html.index("</script>", start)])


def _listed(client: Client, link: str) -> list[str]:
    response = client.get(link)
    assert response.status_code == 200
    html = response.content.decode()
    return [chunk.split('"', 1)[0] for chunk in html.split('data-project="')[1:]]


@pytest.mark.parametrize("month", [1, 2, 3])
def test_each_pipeline_bar_lists_exactly_the_projects_it_counts(
    world: World, quarter: Quarter, login, month: int
) -> None:
    client = login(world.leader)
    chart = _chart(client.get(reverse("dashboard:detail", args=[2026, month])))
    total = 0
    for bar in chart["pipeline"]:
        assert bar["link"].startswith(reverse("dashboard:projects", args=[2026, month]))
        assert len(_listed(client, bar["link"])) == bar["value"], bar
        total += bar["value"]
    assert total > 0


def test_the_pipeline_lists_the_stage_at_the_periods_end_not_today(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.bureau)
    jq = str(quarter.projects["jq"].pk)  # signed in 2025, construction from 5 March 2026
    url = reverse("dashboard:projects", args=[2026, 1])
    assert jq in _listed(client, url + "?stage=signed")
    assert jq not in _listed(client, url + "?stage=construction")
    march = reverse("dashboard:projects", args=[2026, 3])
    assert jq in _listed(client, march + "?stage=construction")
    html = client.get(march + "?stage=construction").content.decode()
    project = quarter.projects["jq"]
    assert reverse("projects:detail", args=[project.pk]) in html
    assert reverse("bulletins:drilldown", args=[2026, 3, "T02"]) in html


def test_the_projects_key_figure_lists_the_counted_projects(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.leader)
    html = client.get(reverse("dashboard:detail", args=[2026, 3])).content.decode()
    link = reverse("dashboard:projects", args=[2026, 3])
    assert f'href="{link}" id="projects-figure"' in html
    listed = _listed(client, link)
    assert len(listed) == 3  # the key figure shows 3 (test_dashboard)
    assert str(quarter.projects["gt"].pk) not in listed  # negotiating: not counted


def test_last_years_line_links_to_last_years_bulletins_only_where_they_exist(
    world: World, quarter: Quarter, login
) -> None:
    chart = _chart(login(world.leader).get(reverse("dashboard:detail", args=[2026, 3])))
    assert chart["trend"]["last_year_links"] == [""] * 12  # no 2025 periods in this district


@pytest.mark.parametrize("persona", READERS)
def test_readers_open_the_projects_behind_a_figure(
    world: World, quarter: Quarter, login, persona: str
) -> None:
    client = login(getattr(world, persona))
    url = reverse("dashboard:projects", args=[2026, 3])
    assert client.get(url).status_code == 200
    assert client.get(url + "?stage=negotiating").status_code == 200


@pytest.mark.parametrize("persona", REFUSED)
def test_unit_people_are_refused_the_projects_behind_a_figure(
    world: World, quarter: Quarter, login, persona: str
) -> None:
    url = reverse("dashboard:projects", args=[2026, 3])
    assert login(getattr(world, persona)).get(url).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_for_the_projects_behind(
    world: World, quarter: Quarter
) -> None:
    response = Client().get(reverse("dashboard:projects", args=[2026, 3]))
    assert response.status_code == 302 and "login" in response["Location"]


def test_an_unknown_stage_or_period_is_not_found(world: World, quarter: Quarter, login) -> None:
    client = login(world.bureau)
    assert client.get(reverse("dashboard:projects", args=[2026, 3]) + "?stage=x").status_code == 404
    assert client.get(reverse("dashboard:projects", args=[2026, 4])).status_code == 404
    assert client.get(reverse("dashboard:projects", args=[2026, 13])).status_code == 404


def test_the_inspections_panel_opens_the_statistics_of_the_same_month(
    world: World, quarter: Quarter, login
) -> None:
    client = login(world.bureau)
    html = client.get(reverse("dashboard:detail", args=[2026, 2])).content.decode()
    link = reverse("inspections:stats") + "?month=2026-02"
    assert f'href="{link}"' in html
    stats = client.get(link)
    assert stats.status_code == 200
    assert 'value="2026-02"' in stats.content.decode()


def test_open_and_overdue_resolution_counts_open_the_resolutions_behind_them(
    world: World, quarter: Quarter, login
) -> None:
    seed(range(2026, 2027))
    meeting = meeting_actions.plan_meeting(actor=world.bureau, title="调度会", on=date(2026, 1, 5))
    late = resolutions.record_resolution(
        actor=world.bureau, meeting=meeting, text="用地报批", owner_unit=world.jiuqu, limit_days=3
    )
    done = resolutions.record_resolution(
        actor=world.bureau,
        meeting=meeting,
        text="电力接入",
        owner_unit=world.xianggong,
        limit_days=3,
    )
    resolutions.close_resolution(actor=world.bureau, resolution=done, on=date(2026, 1, 6), note="")
    client = login(world.leader)
    html = client.get(reverse("dashboard:detail", args=[2026, 3])).content.decode()
    for status, count in (("open", 1), ("overdue", 1)):
        link = reverse("meetings:resolutions") + f"?status={status}"
        assert f'href="{link}"' in html
        assert f'data-figure="resolutions-{status}">{count}<' in html
        page = client.get(link).content.decode()
        assert page.count("data-resolution=") == count
        assert late.text in page and done.text not in page
        assert "九曲街道" in page  # the owner unit behind the count


def test_the_dashboards_query_count_does_not_grow_with_projects_or_resolutions(
    world: World, quarter: Quarter, login, settings
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.world import make_project

    # Both counts with the bulletin computed, not read from the pages' cache (bulletins.cache).
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "BULLETIN_CACHE_SECONDS": 0}
    client = login(world.leader)
    url = reverse("dashboard:detail", args=[2026, 3])
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    seed(range(2026, 2027))
    meeting = meeting_actions.plan_meeting(actor=world.bureau, title="调度会", on=date(2026, 1, 5))
    for unit in (world.xianggong, world.jiuqu, world.gongxiaoshe, world.guotu):
        make_project(world, unit, stage="signed", start=date(2026, 2, 1))
        make_project(world, unit, stage="construction", start=date(2026, 3, 1))
        resolutions.record_resolution(
            actor=world.bureau, meeting=meeting, text="推进", owner_unit=unit, limit_days=3
        )
    with CaptureQueriesContext(connection) as after:
        assert client.get(url).status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)
