"""A bureau officer finds a project in the registry, moves it on a stage, and reviews a target."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.world import PASSWORD, build_world, make_project
from zhaoshang.projects.models import Project
from zhaoshang.targets import actions as target_actions
from zhaoshang.targets.models import Indicator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bureau_finds_a_project_changes_its_stage_and_reads_a_target(live_server, page, shot):
    w = build_world()
    project = make_project(w, w.xianggong, code="XG-7", stage="signed", start=date(2026, 2, 1))
    make_project(w, w.jiuqu, code="JQ-1", stage="negotiating", start=date(2026, 3, 1))
    indicator = Indicator.objects.create(
        code="outside_funds", name="到位市外资金", measure="yuan", valid_from=date(2000, 1, 1)
    )
    target = target_actions.set_baseline(
        actor=w.bureau,
        indicator=indicator,
        issuer="district",
        year=2026,
        unit=w.xianggong,
        value=Decimal("30000000"),
    )
    target_actions.adjust_target(
        actor=w.bureau, target=target, value=Decimal("36000000"), reason="年中调指标"
    )
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", w.bureau.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/projects/?q=XG-7")
    assert page.get_by_text(project.name).first.is_visible()
    assert page.get_by_text("JQ-1").count() == 0
    shot(page, "projects-list.png")

    page.goto(f"{base}/projects/{project.pk}/")
    stage_form = page.locator("form[action$='/stage/']")
    stage_form.locator("select[name=stage]").select_option("construction")
    stage_form.locator("input[name=stage_date]").fill("2026-03-15")
    stage_form.locator("button[type=submit]").click()
    page.wait_for_load_state()
    project.refresh_from_db()
    assert project.stage == "construction"
    assert page.get_by_text("开工在建").first.is_visible()
    shot(page, "project-detail.png")

    page.goto(f"{base}/targets/{target.pk}/")
    assert page.get_by_text("年中调指标").is_visible()
    assert page.get_by_text("3600").first.is_visible()
    shot(page, "target-detail.png")
    assert Project.objects.count() == 2
