"""A township reporter fills in and submits the prefilled March return; the bureau verifies it."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from tests.world import PASSWORD, build_world, make_project
from zhaoshang.reporting import actions
from zhaoshang.reporting.actions import LineInput
from zhaoshang.reporting.models import ReturnLine, UnitReturn

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


def test_reporter_submits_prefilled_return_and_bureau_verifies_it(live_server, page, shot):
    w = build_world()
    signed = make_project(w, w.xianggong, code="XG-1", stage="signed", start=date(2026, 1, 10))
    make_project(w, w.xianggong, code="XG-2", stage="construction", start=date(2025, 5, 1))
    later = date.today() + timedelta(days=20)
    feb = actions.open_period(
        actor=w.bureau, district=w.district, year=2026, month=2, deadline=later
    )
    feb_return = actions.prefill_return(actor=w.township_reporter, period=feb, unit=w.xianggong)
    actions.save_return(
        actor=w.township_reporter,
        unit_return=feb_return,
        lines=[LineInput(signed.pk, {"funds_outside_province_yuan": Decimal("3000000")})],
    )
    actions.submit_return(actor=w.township_reporter, unit_return=feb_return)
    actions.verify_return(actor=w.bureau, unit_return=feb_return)
    march = actions.open_period(
        actor=w.bureau, district=w.district, year=2026, month=3, deadline=later
    )
    base = live_server.url

    # The reporter lands on a home page that says what is theirs to do.
    _log_in(page, base, w.township_reporter.username)
    assert page.locator("#todo").get_by_text("2026年3月").is_visible()
    shot(page, "home-reporter.png")

    # Opens the prefilled return: both projects, last month's figure for reference.
    page.click("#todo >> text=填报月报")
    page.wait_for_selector("#lines")
    assert page.locator("#lines tbody tr").count() == 2
    assert page.get_by_text("上月 300").first.is_visible()

    # A suffix typed in a 万元 field is refused inline, by row and field, and nothing is saved.
    field = f"input[name='p{signed.pk}-funds_outside_province']"
    page.fill(field, "3万")
    page.click("#save")
    page.wait_for_selector("#return-form .error")
    assert "第1行" in page.locator("#return-form .error").first.inner_text()
    shot(page, "reporter-return-error.png")

    # Enters 250 万元 from outside the province and 80 万元 of investment, saves (htmx), submits.
    page.fill(field, "250")
    page.fill(f"input[name='p{signed.pk}-investment_completed']", "80")
    page.click("#save")
    page.wait_for_selector("#saved-at")
    shot(page, "reporter-return.png")
    page.click("#submit")
    page.wait_for_selector("#return-status:has-text('已报送')")
    shot(page, "reporter-return-submitted.png")
    unit_return = UnitReturn.objects.get(period=march, unit=w.xianggong)
    assert unit_return.status == UnitReturn.Status.SUBMITTED
    line = ReturnLine.objects.get(unit_return=unit_return, project=signed)
    assert line.funds_outside_province_yuan == Decimal("2500000")
    assert line.investment_completed_yuan == Decimal("800000")
    _log_out(page)

    # The bureau officer sees the status board and verifies the return.
    _log_in(page, base, w.bureau.username)
    shot(page, "home-bureau.png")
    page.goto(f"{base}/reporting/{march.pk}/")
    assert "已报送 1 / 5" in page.locator("#headline").inner_text()
    shot(page, "bureau-status-board.png")
    page.locator("#board tr:has-text('相公街道') a").click()
    page.wait_for_selector("#verify")
    shot(page, "bureau-review.png")
    page.click("#verify")
    page.wait_for_selector("#headline")
    unit_return.refresh_from_db()
    assert unit_return.status == UnitReturn.Status.VERIFIED
    assert page.locator("#board tr:has-text('相公街道') .badge.verified").is_visible()
