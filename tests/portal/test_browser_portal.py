"""A visitor with no login opens the library, searches, opens a document and sees its previews."""

from __future__ import annotations

from datetime import date

import pytest

from tests.portal.helpers import make_pdf, register
from tests.world import build_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_searches_the_library_and_sees_page_previews(live_server, page, shot) -> None:
    world = build_world()
    register(world.bureau, content=make_pdf(pages=3))
    register(
        world.bureau,
        content=make_pdf("关于优化营商环境的若干政策", pages=1),
        title="关于优化营商环境的若干政策",
        issuer="河东区人民政府",
        doc_number="河政发〔2026〕1号",
        kind="policy",
        issued_on=date(2026, 3, 20),
        period=None,
    )
    base = live_server.url
    page.goto(f"{base}/portal/")
    assert "登录" not in page.locator("header").inner_text()
    shot(page, "portal-list.png")

    page.fill("input[name=q]", "河招〔2026〕3号")
    page.click("form[role=search] button[type=submit]")
    page.wait_for_url("**/portal/?q=*")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    shot(page, "portal-search.png")

    rows.get_by_role("link").click()
    page.wait_for_selector("figure img")
    images = page.locator(".previews img")
    assert images.count() == 3
    page.wait_for_load_state("load")
    for i in range(3):
        assert images.nth(i).evaluate("img => img.naturalWidth") > 0
    assert "河东区招商引资工作通报" in page.locator("article.fulltext").inner_text()
    shot(page, "portal-document.png")
