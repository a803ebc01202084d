"""The bureau exports the project registry, adds a project and changes another in the workbook,
uploads it, reads the dry run, confirms and finds the registry updated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.world import PASSWORD, build_world, make_project, uscc
from zhaoshang.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bureau_round_trips_the_project_workbook(live_server, page, shot, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = build_world()
    signed = make_project(w, w.xianggong, code="XG-1", stage="signed", start=date(2026, 1, 10))
    make_project(w, w.jiuqu, code="JQ-1", stage="construction", start=date(2025, 5, 1))
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", w.bureau.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/projects/")
    with page.expect_download() as info:
        page.click("#excel-projects")
    path = tmp_path / "projects.xlsx"
    info.value.save_as(path)
    wb = load_workbook(path)
    ws = wb["项目台账"]
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == "XG-1")
    ws.cell(row, 8, 8000)
    ws.append(
        ["XG-9", "智能装备产业园", "临沂智能装备有限公司", uscc(), "相公街道", "省外",
         "先进制造业", 20000, "是", "签约", "2026/3/5", "", "相公工业园"]
    )  # fmt: skip
    wb.save(path)
    page.click("#excel-projects-upload")
    page.set_input_files("input[name=file]", str(path))
    page.click("#check")
    page.wait_for_selector("#dry-run")
    summary = page.locator("#dry-run").inner_text()
    assert "新建:XG-9 智能装备产业园" in summary and "更新:XG-1" in summary
    shot(page, "excel-projects-dry-run.png")
    page.click("#confirm")
    page.wait_for_url(f"{base}/projects/")
    assert "项目台账已导入" in page.content()
    signed.refresh_from_db()
    assert signed.planned_investment_yuan == Decimal("80000000")
    new = Project.objects.get(code="XG-9")
    assert new.start_date == date(2026, 3, 5) and new.lead_unit == w.xianggong
    shot(page, "excel-projects-imported.png")
