"""A department files an inspection of a protected enterprise, the bureau approves it, and the
enterprise verifies the code on the portal (as if scanning the QR) and rates the visit."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.inspections.helpers import make_enterprise, protect, routine_date_after, seed_calendar
from tests.world import PASSWORD, build_world
from zhaoshang.inspections.models import Filing, Rating

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_protected_enterprise_inspection_is_approved_verified_and_rated(live_server, page, shot):
    w = build_world()
    today = timezone.localdate()
    seed_calendar(today.year, today.year + 1)
    e = make_enterprise(w, name="临沂鲁华新材料有限公司")
    planned = routine_date_after(today)
    protect(w, e, today, planned.replace(day=28))
    base = live_server.url

    _login(page, base, w.dept_reporter)
    page.goto(f"{base}/inspections/filings/new/")
    page.fill("input[name=uscc]", e.uscc)
    page.select_option("select[name=kind]", "routine")
    page.fill("input[name=matter]", "安全生产")
    page.fill("input[name=legal_basis]", "《中华人民共和国安全生产法》第六十五条")
    page.fill("textarea[name=items]", "安全生产责任制落实、隐患排查治理台账")
    page.fill("input[name=inspectors]", "张伟、王芳")
    page.fill("input[name=planned_date]", planned.isoformat())
    shot(page, "inspections-file.png")
    page.click("form button[type=submit]")
    page.wait_for_url("**/inspections/filings/*/")
    assert page.get_by_text("待招商局审批").first.is_visible()
    filing = Filing.objects.get()

    _login(page, base, w.bureau)
    page.goto(f"{base}/inspections/filings/")
    page.locator("#pending").get_by_role("link").first.click()
    page.wait_for_url(f"**/inspections/filings/{filing.pk}/")
    page.fill("input[name=note]", "同意,请尽量减少对企业生产的影响")
    page.click("button[name=approve]")
    page.wait_for_selector("section.verification svg")
    filing.refresh_from_db()
    assert filing.status == "filed" and filing.code
    shot(page, "inspections-approved-qr.png")
    link = page.locator("section.verification a").get_attribute("href")
    assert link.endswith(f"?code={filing.code}")

    page.context.clear_cookies()
    page.goto(link)  # what scanning the QR code opens
    assert page.get_by_text("该检查已备案").is_visible()
    assert page.get_by_text("供销社").is_visible()
    assert page.get_by_text("张伟").count() == 0
    shot(page, "inspections-verified.png")
    page.check("input[name=score][value='5']")
    page.fill("textarea[name=comment]", "检查人员出示核验码,程序规范")
    page.click("text=提交评价")
    page.wait_for_selector("text=感谢您的评价")
    shot(page, "inspections-rated.png")
    assert Rating.objects.get().score == 5

    page.goto(f"{base}/portal/inspections/")
    page.fill("input[name=code]", "ABCD-EFGH-JKMN")
    page.click("form button[type=submit]")
    assert page.get_by_text("未查询到该核验码").is_visible()
