"""A reporter downloads the return template, fills it, uploads, reads the dry run, confirms."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from tests.world import PASSWORD, build_world, make_project
from zhaoshang.reporting import actions
from zhaoshang.reporting.models import ReturnLine

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reporter_fills_the_downloaded_workbook_and_imports_it(
    live_server, page, shot, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    w = build_world()
    signed = make_project(w, w.xianggong, code="XG-1", stage="signed", start=date(2026, 1, 10))
    make_project(w, w.xianggong, code="XG-2", stage="construction", start=date(2025, 5, 1))
    march = actions.open_period(
        actor=w.bureau,
        district=w.district,
        year=2026,
        month=3,
        deadline=date.today() + timedelta(days=20),
    )
    ret = actions.prefill_return(actor=w.township_reporter, period=march, unit=w.xianggong)
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", w.township_reporter.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    page.goto(f"{base}/reporting/returns/{ret.pk}/")
    shot(page, "excel-return-buttons.png")
    with page.expect_download() as info:
        page.click("#excel-download")
    path = tmp_path / "march.xlsx"
    info.value.save_as(path)
    wb = load_workbook(path)
    wb["月报"]["I3"] = 250
    wb["月报"]["K3"] = "80"
    wb.save(path)
    page.click("#excel-upload")
    page.set_input_files("input[name=file]", str(path))
    page.click("#check")
    page.wait_for_selector("#dry-run")
    assert "将更新 1 个项目" in page.locator("#dry-run").inner_text()
    shot(page, "excel-dry-run.png")
    page.click("#confirm")
    page.wait_for_url(f"**/reporting/returns/{ret.pk}/")
    line = ReturnLine.objects.get(unit_return=ret, project=signed)
    assert line.funds_outside_province_yuan == Decimal("2500000")
    assert line.investment_completed_yuan == Decimal("800000")
    assert page.locator(f"input[name='p{signed.pk}-funds_outside_province']").input_value() == "250"
    shot(page, "excel-return-updated.png")
