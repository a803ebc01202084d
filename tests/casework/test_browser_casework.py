"""An investor files a request on the portal; 供销社 receives it and passes it on; 相公街道 accepts
and completes it; the investor checks it with the tracking code and rates it."""

from __future__ import annotations

import pytest

from tests.world import PASSWORD, build_world
from zhaoshang.casework.models import Case
from zhaoshang.core.calendar_data import seed

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def test_investor_files_a_request_units_route_and_complete_it_and_the_investor_rates_it(
    live_server, page, shot
) -> None:
    w = build_world()
    seed()
    base = live_server.url

    # The investor, not logged in, files a request to 供销社.
    page.goto(f"{base}/portal/service/")
    page.select_option("select[name=unit]", label="供销社")
    page.fill("input[name=enterprise_name]", "深圳前海沂商投资有限公司")
    page.fill("input[name=contact]", "孙悦")
    page.fill("input[name=phone]", "135-1010-0707")
    page.select_option("select[name=category]", "business")
    page.fill("input[name=title]", "冷链仓储项目用地咨询")
    page.fill(
        "textarea[name=description]", "拟在河东区投资建设冷链仓储中心,需了解可用地块和供地流程。"
    )
    shot(page, "casework-request.png")
    page.click("#request-form button[type=submit]")
    code = page.locator("#tracking-code").inner_text().strip()
    assert len(code) == 12
    shot(page, "casework-submitted.png")
    case = Case.objects.get(code=code)

    # 供销社 accepts it and passes it on to 相公街道 with a reason.
    _login(page, base, w.dept_reporter)
    page.goto(f"{base}/casework/")
    page.click(f"text={code}")
    page.click("button[name=do-accept]")
    page.wait_for_selector("#case-status:has-text('办理中')")
    page.select_option("#pass-form select[name=to_unit]", label="相公街道")
    page.fill("#pass-form textarea[name=reason]", "地块位于相公街道辖区,由属地办理")
    page.click("button[name=do-pass]")
    page.wait_for_selector("#case-status:has-text('转办待接收')")
    assert "相公街道" in page.locator("#case-owner").inner_text()

    # 相公街道 accepts and completes it; the timeline shows every step and the deadline explained.
    _login(page, base, w.township_reporter)
    page.goto(f"{base}/casework/{case.pk}/")
    page.click("button[name=do-accept]")
    page.wait_for_selector("#case-status:has-text('办理中')")
    page.fill(
        "#complete-form textarea[name=result]",
        "已带企业实地查看两处工业用地,并告知挂牌出让流程和时间。",
    )
    page.click("button[name=do-complete]")
    page.wait_for_selector("#case-status:has-text('已办结待回访')")
    timeline = page.locator(".timeline").inner_text()
    for step in ("网上提交", "受理", "转办", "办结"):
        assert step in timeline
    assert "个工作日" in page.locator("#deadline-explanation").inner_text()
    shot(page, "casework-case.png")
    page.goto(f"{base}/casework/")
    assert code in page.locator("table").inner_text()
    shot(page, "casework-list.png")

    # The investor checks with code + phone and rates it.
    page.context.clear_cookies()
    page.goto(f"{base}/portal/service/track/")
    page.fill("input[name=code]", code.lower())
    page.fill("input[name=phone]", "13510100707")
    page.click("#track-form button[type=submit]")
    page.wait_for_selector("#case-result")
    assert "挂牌出让" in page.locator("#case-result").inner_text()
    shot(page, "casework-track.png")
    page.check("#rate-form input[name=satisfied][value='1']")
    page.click("#rate-form button[type=submit]")
    page.wait_for_selector("#case-status:has-text('已关闭')")
    shot(page, "casework-rated.png")
    case.refresh_from_db()
    assert (case.status, case.satisfaction, case.passes) == ("closed", "satisfied", 1)
