"""Browser fixtures for every test package (loaded once by tests/conftest.py, so one Playwright
runs per session): Playwright's sync API driving Debian's Chromium against pytest-django's live
server. Never downloads a browser: without /usr/bin/chromium the tests skip, or fail on CI."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def pytest_configure(config: pytest.Config) -> None:
    """The live server shares the test's in-memory SQLite connection with its request threads;
    two requests at once (a page's preview images) then use one sqlite3 connection from two
    threads, which fails at random ("bad parameter or other API misuse"). Serve one request at a
    time instead: Django answers each with ``Connection: close`` and the browser queues the rest."""
    from django.core.servers.basehttp import WSGIServer
    from django.db import connections
    from django.test.testcases import LiveServerThread

    class SerialWSGIServer(WSGIServer):
        def __init__(self, *args: Any, connections_override: Any = None, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.connections_override = connections_override

        def close_request(self, request: Any) -> None:
            connections.close_all()
            super().close_request(request)

    LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not CHROMIUM.exists():
        message = (
            f"{CHROMIUM} 不存在:浏览器测试需要 Debian 的 chromium 软件包(apt install chromium)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # live_server runs Django in a thread while Playwright's sync API runs an event loop here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(
        locale="zh-CN", viewport={"width": 1400, "height": 900}, timezone_id="Asia/Shanghai"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def shot() -> Any:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _shot(page: Any, name: str) -> Path:
        path = SCREENSHOTS / name
        page.screenshot(path=str(path), full_page=True)
        return path

    return _shot
