"""Chinese by default; English when a person chooses it."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.world import World


@pytest.mark.django_db
def test_pages_are_in_simplified_chinese_by_default(client: Client) -> None:
    page = client.get("/login/").content.decode()
    assert 'lang="zh-hans"' in page
    assert "登录" in page


@pytest.mark.django_db
def test_choosing_english_switches_the_interface(world: World, login) -> None:
    client = login(world.township_reporter)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="en"' in page
    assert "Project registry" in page and "Monthly returns" in page
    assert "项目台账" not in page


def test_the_english_catalogue_leaves_no_string_untranslated() -> None:
    from pathlib import Path

    import zhaoshang

    po = Path(zhaoshang.__file__).parent / "locale/en/LC_MESSAGES/django.po"
    entries = po.read_text(encoding="utf-8").split("\n\n")[1:]
    untranslated = [e for e in entries if e.rstrip().endswith('msgstr ""') and "#~" not in e]
    assert untranslated == []
