"""The bureau publishes the demo's March bulletin from the page, watches the progress, opens the
published version and downloads its PDF."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.browser_support import SCREENSHOTS
from zhaoshang.bulletins.models import PublishedBulletin
from zhaoshang.demo.loader import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_bureau_publishes_the_march_bulletin_and_downloads_the_pdf(
    live_server, page, shot, settings, tmp_path
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
    assert Path(target).read_bytes().startswith(b"%PDF")
    assert (SCREENSHOTS / "bulletin-publish.png").exists()
