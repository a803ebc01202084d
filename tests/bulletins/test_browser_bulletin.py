"""A bureau officer opens the demo bulletin, switches period and opens a unit's drill-down."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser_support import SCREENSHOTS
from zhaoshang.demo.loader import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bureau_reads_the_bulletin_switches_period_and_opens_a_drilldown(
    live_server, page, shot
) -> None:
    call_command("demo", stdout=StringIO())
    year = timezone.localdate().year
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "bureau")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/bulletins/{year}-3/")
    narrative = page.locator("section.narrative")
    assert "全区共有各类招商引资项目86个" in narrative.inner_text()
    assert "相公街道、九曲街道和供销社、国土资源局进展最快" in narrative.inner_text()
    page.wait_for_selector("#chart-monthly canvas")
    shot(page, "bulletin-march.png")

    page.select_option("[data-switch-period]", label=f"{year}年2月")
    page.wait_for_url(f"**/bulletins/{year}-2/")
    assert "1-2月" in page.locator("section.narrative").inner_text()

    page.goto(f"{base}/bulletins/{year}-3/")
    page.locator("tr", has_text="相公街道").get_by_role("link", name="明细").click()
    page.wait_for_selector("#drilldown .drilldown")
    assert "已审核月报明细" in page.locator("#drilldown").inner_text()
    page.locator("#drilldown").screenshot(path=str(SCREENSHOTS / "bulletin-drilldown.png"))
