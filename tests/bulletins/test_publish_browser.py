"""The bureau publishes the demo's March bulletin from the page, watches the progress, opens the
published version and downloads its PDF; then a visitor with no login finds it in the public
archive, sees its page previews, reads it and downloads the same PDF."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser_support import SCREENSHOTS
from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.demo.loader import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bureau_publishes_the_march_bulletin_and_the_public_reads_it_in_the_archive(
    live_server, chromium, page, shot, settings, tmp_path
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    call_command("demo", stdout=StringIO())
    year = timezone.localdate().year
    base = live_server.url
    page.goto(f"{base}/login/")
    page.fill("input[name=username]", "bureau")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/bulletins/{year}-3/")
    page.click("#publish-link")
    page.wait_for_url(f"**/bulletins/{year}-3/draft/")
    page.fill("input[name=doc_number]", f"河招〔{year}〕3号")
    page.fill("input[name=signer]", "张三")
    page.fill("input[name=issued_on]", f"{year}-04-05")
    page.click("#draft-form button[type=submit]")
    page.wait_for_url(f"**/bulletins/{year}-3/draft/")
    page.get_by_role("button", name="发布通报").click()
    page.wait_for_selector('.publish-job[data-status="done"]', timeout=60_000)
    shot(page, "bulletin-publish.png")

    published = PublishedBulletin.objects.get()
    assert published.doc_number == f"河招〔{year}〕3号"
    page.get_by_role("link", name="查看已发布通报").click()
    page.wait_for_url(f"**/bulletins/published/{published.pk}/")
    assert published.files.get(kind="pdf").sha256 in page.content()
    shot(page, "bulletin-published.png")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").first.click()
    target = tmp_path / "downloaded.pdf"
    download_info.value.save_as(target)
    pdf_bytes = Path(target).read_bytes()
    assert pdf_bytes.startswith(b"%PDF")
    assert (SCREENSHOTS / "bulletin-publish.png").exists()

    # A visitor, in a fresh browser context with no session, finds it in the archive.
    visitor = chromium.new_context(
        locale="zh-CN", viewport={"width": 1280, "height": 900}, timezone_id="Asia/Shanghai"
    )
    public = visitor.new_page()
    try:
        public.goto(f"{base}/portal/")
        public.fill("input[name=q]", f"河招〔{year}〕3号")
        public.click("form[role=search] button[type=submit]")
        public.wait_for_url("**/portal/?q=*")
        rows = public.locator("tbody tr")
        assert rows.count() == 1
        assert f"关于{year}年1-3月全区招商引资工作情况的通报" in rows.inner_text()
        rows.get_by_role("link").first.click()
        public.wait_for_selector(".previews img")
        public.wait_for_load_state("load")
        previews = public.locator(".previews img")
        assert previews.count() == min(5, len(pdfium.PdfDocument(pdf_bytes)))
        for i in range(previews.count()):
            assert previews.nth(i).evaluate("img => img.naturalWidth") > 0
        fulltext = "".join(public.locator("article.fulltext").inner_text().split())
        assert "利用市外资金2.52亿元" in fulltext
        assert published.files.get(kind="pdf").sha256 in public.content()
        shot(public, "portal-bulletin.png")
        with public.expect_download() as public_download:
            public.get_by_role("link", name="下载").first.click()
        public_copy = tmp_path / "public.pdf"
        public_download.value.save_as(public_copy)
        assert public_copy.read_bytes() == pdf_bytes
    finally:
        visitor.close()

    # The first page of the PDF as an image, for the docs.
    first = pdfium.PdfDocument(pdf_bytes)[0]
    first.render(scale=1.5).to_pil().save(SCREENSHOTS / "bulletin-pdf-page1.png")
