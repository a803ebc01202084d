"""The project registry workbook: the list page's rows, filters and scope."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def _codes(response) -> list[str]:
    ws = load_workbook(io.BytesIO(response.content)).active
    return [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]


def test_bureau_downloads_the_district_projects_with_the_list_filters(scene, login):
    client = login(scene.world.bureau)
    url = reverse("spreadsheets:projects_download")
    assert _codes(client.get(url)) == ["GX-1", "XG-1", "XG-2"]
    assert _codes(client.get(url, {"stage": "construction"})) == ["XG-2"]
    assert _codes(client.get(url, {"q": "XG-1"})) == ["XG-1"]


def test_reporter_downloads_only_their_units_projects(scene, login):
    client = login(scene.world.township_reporter)
    assert _codes(client.get(reverse("spreadsheets:projects_download"))) == ["XG-1", "XG-2"]


def test_outsider_gets_an_empty_registry_and_anonymous_must_log_in(scene, login, client):
    url = reverse("spreadsheets:projects_download")
    assert _codes(login(scene.world.outsider).get(url)) == []
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_uscc_is_written_as_text_keeping_leading_zeros(scene, login):
    response = login(scene.world.bureau).get(reverse("spreadsheets:projects_download"))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["D2"].number_format == "@" and isinstance(ws["D2"].value, str)


def test_project_list_page_links_to_the_download_with_its_filters(scene, login):
    page = login(scene.world.bureau).get(reverse("projects:list"), {"stage": "signed"})
    assert "spreadsheets/projects/download/?stage=signed" in page.content.decode()
