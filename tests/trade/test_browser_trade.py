"""The bureau enters a month's figure (a wrong total is refused first), corrects it with the customs
final figure, and sees the roll-up per unit."""

from __future__ import annotations

import pytest

from tests.trade.conftest import make_enterprise
from tests.world import PASSWORD, build_world
from zhaoshang.targets.models import Indicator
from zhaoshang.trade.indicators import seed_catalogue
from zhaoshang.trade.models import TradeFigure

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, base, user) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")


def _enter(page, enterprise, source, imports, exports, total="", reason=""):
    page.select_option("select[name=enterprise]", str(enterprise.pk))
    page.fill("input[name=year]", "2026")
    page.fill("input[name=month]", "3")
    page.select_option("select[name=source]", source)
    page.fill("input[name=imports_usd]", imports)
    page.fill("input[name=exports_usd]", exports)
    page.fill("input[name=total_usd]", total)
    page.fill("input[name=reason]", reason)
    page.click("form[method=post] button[type=submit]")


def test_the_bureau_enters_corrects_and_sees_trade_figures(live_server, page, shot) -> None:
    seed_catalogue(Indicator)
    world = build_world()
    enterprise = make_enterprise(world, world.xianggong, "临沂鲁东进出口有限公司")
    base = live_server.url
    _login(page, base, world.bureau)
    page.goto(f"{base}/trade/figures/?period=2026-03")
    _enter(page, enterprise, "flash", "100000", "900000", total="1000001")
    assert "不等于进口额" in page.content()
    assert not TradeFigure.objects.exists()
    _enter(page, enterprise, "flash", "100000", "900000", total="1000000")
    page.wait_for_url("**/trade/figures/?period=2026-03")
    _enter(page, enterprise, "final", "100000", "950000", reason="海关终值")
    page.wait_for_url("**/trade/figures/?period=2026-03")
    assert page.locator("tbody tr").count() == 2
    shot(page, "trade-figures.png")
    page.goto(f"{base}/trade/?period=2026-03")
    assert "105" in page.locator("tbody").inner_text()
    shot(page, "trade-overview.png")
