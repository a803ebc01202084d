"""The bureau runs the demo scheme, a unit objects to its score sheet, the bureau resolves the
objection and makes the results final."""

from __future__ import annotations

import random
from datetime import date

import pytest

from tests.bulletins.scenario import first_quarter
from tests.world import PASSWORD, build_world
from zhaoshang.assessment import demo
from zhaoshang.assessment.models import AssessmentRun, Objection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _log_out(page) -> None:
    page.click("header form button.link")
    page.wait_for_url("**/login/")


def test_bureau_runs_scheme_unit_objects_bureau_resolves_and_finalises(live_server, page, shot):
    w = build_world()
    first_quarter(w)
    # The scheme, measures and manual deductions of the demo; the run itself is done in the page.
    demo.seed(
        district=w.district,
        bureau=w.bureau,
        year=2026,
        today=date(2026, 3, 1),
        rng=random.Random(3),
    )
    base = live_server.url

    _log_in(page, base, w.bureau.username)
    page.goto(f"{base}/assessment/")
    page.select_option(
        "#run select[name=scheme]", label="河东区2026年度招商引资工作考核办法(第1版)"
    )
    page.fill("#run input[name=period]", "2026-Q1")
    page.click("#run button[type=submit]")
    page.wait_for_url("**/assessment/runs/*/")
    assert "2026年第一季度" in page.locator("h1").inner_text()
    assert page.locator("section.card h2", has_text="乡镇街道").count() == 1
    shot(page, "assessment-ranking.png")

    page.locator("tr", has_text="相公街道").get_by_role("link", name="得分明细").click()
    page.wait_for_url("**/assessment/results/*/")
    assert "到位市外资金完成率50%×50=25" in page.content()
    shot(page, "assessment-sheet.png")
    sheet_url = page.url
    _log_out(page)

    _log_in(page, base, w.township_reporter.username)
    page.goto(sheet_url)
    page.fill("textarea[name=text]", "3月到位的20万元资金已由省商务厅核实,请复核")
    page.click("form[action$='/objection/'] button[type=submit]")
    page.wait_for_url(sheet_url)
    assert "异议已提交" in page.content()
    shot(page, "assessment-objection.png")
    _log_out(page)

    _log_in(page, base, w.bureau.username)
    page.goto(sheet_url)
    page.select_option("select[name=decision]", "rejected")
    page.fill("textarea[name=resolution]", "经核实,该笔资金已计入3月月报,得分无误")
    page.click("form[action$='/resolve/'] button[type=submit]")
    page.wait_for_url(sheet_url)
    assert "不予采纳" in page.content()
    assert Objection.objects.get().status == Objection.Status.REJECTED

    page.get_by_role("link", name="河东区2026年度招商引资工作考核办法 · 2026年第一季度").click()
    page.wait_for_url("**/assessment/runs/*/")
    page.click("form[action$='/finalise/'] button[type=submit]")
    page.wait_for_url("**/assessment/runs/*/")
    assert "已确定" in page.locator("#run-status").inner_text()
    shot(page, "assessment-final.png")
    run = AssessmentRun.objects.get()
    assert run.is_final and run.digest in page.content()
