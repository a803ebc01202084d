"""A leader opens the dashboard at a desktop viewport and drills down from a ranking bar to the
unit's figures and from a pipeline bar on to a project, and at a phone viewport from the projects
figure to a project; a reporter on a phone-sized viewport checks in at a project
with a faked geolocation, inside and then outside the geofence; the bureau builds a meeting pack."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.bulletins.scenario import first_quarter
from tests.projects.checkin_helpers import SITE, jpeg
from tests.world import PASSWORD, build_world, make_project
from zhaoshang.projects.models import SiteCheckIn

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_a_leader_drills_down_from_a_dashboard_chart_to_a_project(live_server, page, shot) -> None:
    world = build_world()
    quarter = first_quarter(world)
    base = live_server.url
    _login(page, base, world.leader.username)
    page.goto(f"{base}/dashboard/2026-3/")
    page.wait_for_selector("[data-chart-group='0'][data-ready='1'] canvas")
    page.wait_for_selector("#chart-trend[data-ready='1'] canvas")
    assert "全市第6位" in page.locator("#key-figures").inner_text()
    page.wait_for_timeout(600)  # let the charts finish their entry animation
    shot(page, "dashboard-desktop.png")

    # Click the 相公街道 bar of the towns' ranking: its centre, found through ECharts itself.
    chart = page.locator("[data-chart-group='0']")
    chart.scroll_into_view_if_needed()
    x, y = chart.evaluate(
        """el => {
            const c = echarts.getInstanceByDom(el);
            const opt = c.getOption();
            const i = opt.yAxis[0].data.indexOf("相公街道");
            const v = Number(opt.series[0].data[i]);
            return c.convertToPixel({seriesIndex: 0}, [v / 2, i]);
        }"""
    )
    box = chart.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url("**/bulletins/2026-3/units/T01/")
    assert "相公街道" in page.locator("main").inner_text()
    shot(page, "dashboard-drilldown-unit.png")

    # Back on the dashboard, the pipeline's 签约 bar opens the signed projects, then one of them.
    page.go_back()
    pipeline = page.locator("#chart-pipeline[data-ready='1']")
    pipeline.wait_for()
    pipeline.scroll_into_view_if_needed()
    page.wait_for_timeout(600)
    x, y = pipeline.evaluate(
        """el => {
            const c = echarts.getInstanceByDom(el);
            const opt = c.getOption();
            const i = opt.xAxis[0].data.indexOf("签约");
            return c.convertToPixel({seriesIndex: 0}, [i, Number(opt.series[0].data[i]) / 2]);
        }"""
    )
    box = pipeline.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)
    page.wait_for_url(lambda url: url.endswith("/dashboard/2026-3/projects/?stage=signed"))
    shot(page, "dashboard-drilldown-stage.png")
    project = quarter.projects["xg"]
    page.get_by_role("link", name=project.name).first.click()
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert project.name in page.locator("h1").inner_text()


def test_a_leader_on_a_phone_drills_down_from_the_dashboard_to_a_project(
    live_server, chromium, shot
) -> None:
    world = build_world()
    quarter = first_quarter(world)
    base = live_server.url
    context = _phone(chromium, base, *SITE)
    page = context.new_page()
    page.set_default_timeout(15_000)
    _login(page, base, world.leader.username)
    page.goto(f"{base}/dashboard/2026-3/")
    page.wait_for_selector("#chart-pipeline[data-ready='1'] canvas")
    # The dashboard fits the phone's width: nothing in it sticks out sideways.
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 390
    page.wait_for_timeout(600)
    shot(page, "dashboard-phone.png")
    page.locator("#projects-figure").tap()
    page.wait_for_url("**/dashboard/2026-3/projects/")
    assert page.locator("#projects-behind tr[data-project]").count() == 3
    shot(page, "dashboard-phone-projects.png")
    project = quarter.projects["jq"]
    page.get_by_role("link", name=project.name).tap()
    page.wait_for_url(f"**/projects/{project.pk}/")
    assert project.name in page.locator("h1").inner_text()
    context.close()


def _phone(chromium: Any, base: str, lat: Decimal, lon: Decimal) -> Any:
    context = chromium.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        timezone_id="Asia/Shanghai",
        geolocation={"latitude": float(lat), "longitude": float(lon), "accuracy": 15},
    )
    context.grant_permissions(["geolocation"], origin=base)
    return context


def test_a_reporter_checks_in_from_a_phone_inside_and_outside_the_geofence(
    live_server, chromium, shot, tmp_path: Path
) -> None:
    world = build_world()
    project = make_project(world, world.xianggong)
    project.latitude, project.longitude = SITE
    project.save()
    photo = tmp_path / "site.jpg"
    photo.write_bytes(jpeg(size=(2400, 1800)))
    base = live_server.url
    for name, (lat, lon), flags in (
        ("inside", (SITE[0] + Decimal("0.0008"), SITE[1]), []),
        ("outside", (SITE[0] + Decimal("0.03"), SITE[1]), ["far"]),
    ):
        context = _phone(chromium, base, lat, lon)
        page = context.new_page()
        page.set_default_timeout(15_000)
        _login(page, base, world.township_reporter.username)
        page.goto(f"{base}/projects/{project.pk}/checkin/")
        page.wait_for_selector("#geo-status[data-located='1']")
        assert "精度约 15 m" in page.locator("#geo-status").inner_text()
        page.set_input_files("input[name=photo]", str(photo))
        shot(page, f"checkin-phone-{name}.png")
        page.click("#checkin-submit")
        page.wait_for_url(f"**/projects/{project.pk}/#checkins")
        latest = SiteCheckIn.objects.order_by("-pk").first()
        assert latest is not None and latest.flags == flags
        assert latest.width == 1600
        page.locator("#checkins").scroll_into_view_if_needed()
        shot(page, f"checkin-timeline-{name}.png")
        context.close()


def test_the_bureau_builds_a_meeting_pack(live_server, page, shot) -> None:
    world = build_world()
    for unit in (world.xianggong, world.jiuqu, world.gongxiaoshe):
        make_project(world, unit, planned=Decimal("90000000"))
    base = live_server.url
    _login(page, base, world.bureau.username)
    page.goto(f"{base}/meetings/")
    page.fill("input[name=title]", "一季度重点项目现场观摩会")
    page.fill("input[name=on]", "2026-04-10")
    page.click("form button[type=submit] >> text=创建")
    page.wait_for_url("**/meetings/*/")
    for box in page.locator("#candidates input[type=checkbox]").all():
        box.check()
    page.click("#add-stops")
    page.wait_for_selector("#route tr[data-stop]")
    assert page.locator("#route tr[data-stop]").count() == 3
    shot(page, "meeting-route.png")
    page.click("#pack-link")
    page.wait_for_selector(".project-card")
    assert page.locator(".project-card").count() == 3
    shot(page, "meeting-pack.png")
    with page.expect_download() as download:
        page.click("#pack-pdf")
    assert download.value.suggested_filename.endswith(".pdf")
