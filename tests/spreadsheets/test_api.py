"""The spreadsheet API: download the return and project workbooks, upload for a dry run, confirm
the batch — with the same scope as the pages, by token or session."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import load_workbook

from tests.world import PASSWORD, uscc
from zhaoshang.api import actions as token_actions
from zhaoshang.projects.models import Project
from zhaoshang.spreadsheets.models import ImportBatch

pytestmark = pytest.mark.django_db

BASE = "/api/v1/spreadsheets"
PERSONAS = [
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "leader",
    "auditor",
    "admin",
    "outsider",
]
RETURN_SEE = {"township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"}
RETURN_EDIT = {"township_reporter", "unit_leader", "bureau", "admin"}
PROJECT_UPLOAD = {
    "township_reporter",
    "dept_reporter",
    "unit_leader",
    "bureau",
    "admin",
    "outsider",
}


def _client(user, mode: str = "token") -> tuple[Client, dict[str, str]]:
    client = Client()
    if user is None:
        return client, {}
    if mode == "session":
        assert client.login(username=user.username, password=PASSWORD)
        return client, {}
    _, key = token_actions.create_token(actor=user, user=user, name="测试", days=30)
    return client, {"Authorization": f"Bearer {key}"}


def _filled(data: bytes, **cells) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb.worksheets[0]
    for ref, value in cells.items():
        ws[ref] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("persona", PERSONAS)
def test_return_workbook_download_and_dry_run_follow_the_return_scope(scene, persona):
    ret = scene.march_return()
    client, headers = _client(getattr(scene.world, persona))
    down = client.get(f"{BASE}/returns/{ret.pk}/workbook", headers=headers)
    if persona in RETURN_SEE:
        assert down.status_code == 200 and down["Content-Type"].startswith("application/vnd.")
    else:
        assert down.status_code == 404
    blank = client.get(f"{BASE}/returns/{ret.pk}/workbook", headers=headers).content
    if persona not in RETURN_SEE:
        blank = _bootstrap_return(scene, ret)
    up = client.post(
        f"{BASE}/imports",
        {"kind": "return", "return_id": ret.pk, "file": SimpleUploadedFile("m.xlsx", blank)},
        headers=headers,
    )
    if persona in RETURN_EDIT:
        assert up.status_code == 200, up.content
    elif persona in RETURN_SEE:
        assert up.status_code == 403
    else:
        assert up.status_code == 404
    assert ImportBatch.objects.filter(status="applied").count() == 0


def _bootstrap_return(scene, ret) -> bytes:
    from zhaoshang.spreadsheets import importer

    return importer.export_return(actor=scene.world.bureau, unit_return=ret)


@pytest.mark.parametrize("mode", ["token", "session"])
def test_return_dry_run_then_confirm_saves_the_figures(scene, mode):
    ret = scene.march_return()
    client, headers = _client(scene.world.township_reporter, mode)
    blank = client.get(f"{BASE}/returns/{ret.pk}/workbook", headers=headers).content
    data = _filled(blank, H3=8)
    up = client.post(
        f"{BASE}/imports",
        {"kind": "return", "return_id": ret.pk, "file": SimpleUploadedFile("m.xlsx", data)},
        headers=headers,
    )
    body = up.json()
    assert up.status_code == 200 and body["status"] == "dry_run" and len(body["updated"]) == 1
    line = ret.lines.order_by("project__code").first()
    assert line.funds_within_province_yuan == 0
    done = client.post(f"{BASE}/imports/{body['batch_id']}/confirm", headers=headers)
    assert done.status_code == 200 and done.json()["status"] == "applied"
    line.refresh_from_db()
    assert str(line.funds_within_province_yuan) == "80000.00"


def test_bad_workbook_answers_422_with_the_cell(scene):
    ret = scene.march_return()
    client, headers = _client(scene.world.township_reporter)
    blank = client.get(f"{BASE}/returns/{ret.pk}/workbook", headers=headers).content
    up = client.post(
        f"{BASE}/imports",
        {
            "kind": "return",
            "return_id": ret.pk,
            "file": SimpleUploadedFile("m.xlsx", _filled(blank, H3="三万")),
        },
        headers=headers,
    )
    assert up.status_code == 422
    assert "第3行H列" in up.json()["detail"][0]["message"]
    assert not ImportBatch.objects.exists()


@pytest.mark.parametrize("persona", PERSONAS)
def test_project_workbook_download_is_scoped_and_upload_is_for_registrars(scene, persona):
    client, headers = _client(getattr(scene.world, persona))
    down = client.get(f"{BASE}/projects/workbook", headers=headers)
    assert down.status_code == 200
    codes = [r[0] for r in load_workbook(io.BytesIO(down.content)).worksheets[0].iter_rows(
        min_row=2, values_only=True
    )]  # fmt: skip
    expected = {
        "township_reporter": ["XG-1", "XG-2"],
        "unit_leader": ["XG-1", "XG-2"],
        "dept_reporter": ["GX-1"],
        "outsider": [],
    }.get(persona, ["GX-1", "XG-1", "XG-2"])
    assert codes == expected
    up = client.post(
        f"{BASE}/imports",
        {"kind": "projects", "file": SimpleUploadedFile("p.xlsx", down.content)},
        headers=headers,
    )
    assert up.status_code == (200 if persona in PROJECT_UPLOAD else 403), up.content


def test_project_download_uses_the_list_filters(scene):
    client, headers = _client(scene.world.bureau)
    down = client.get(f"{BASE}/projects/workbook", {"stage": "construction"}, headers=headers)
    rows = list(load_workbook(io.BytesIO(down.content)).worksheets[0].iter_rows(min_row=2))
    assert [r[0].value for r in rows] == ["XG-2"]


def test_project_import_by_api_and_only_the_uploader_may_confirm(scene):
    w = scene.world
    client, headers = _client(w.bureau)
    data = client.get(f"{BASE}/projects/workbook", headers=headers).content
    wb = load_workbook(io.BytesIO(data))
    wb.worksheets[0].append(
        ["XG-9", "新项目", "新公司", uscc(), "相公街道", "省外", "先进制造业", 100, "否", "签约"]
    )
    wb.worksheets[0].cell(wb.worksheets[0].max_row, 11, "2026-03-05")
    buf = io.BytesIO()
    wb.save(buf)
    up = client.post(
        f"{BASE}/imports",
        {"kind": "projects", "file": SimpleUploadedFile("p.xlsx", buf.getvalue())},
        headers=headers,
    )
    body = up.json()
    assert body["created"] == ["XG-9 新项目"] and body["unchanged_count"] == 3
    other, other_headers = _client(w.admin)
    stolen = other.post(f"{BASE}/imports/{body['batch_id']}/confirm", headers=other_headers)
    assert stolen.status_code == 404
    done = client.post(f"{BASE}/imports/{body['batch_id']}/confirm", headers=headers)
    assert done.status_code == 200 and done.json()["status"] == "applied"
    assert Project.objects.filter(code="XG-9").exists()


def test_anonymous_gets_401_everywhere(scene):
    ret = scene.march_return()
    client = Client()
    assert client.get(f"{BASE}/returns/{ret.pk}/workbook").status_code == 401
    assert client.get(f"{BASE}/projects/workbook").status_code == 401
    assert client.post(f"{BASE}/imports", {"kind": "projects"}).status_code == 401
    assert client.post(f"{BASE}/imports/1/confirm").status_code == 401


def test_unknown_kind_is_422(scene):
    client, headers = _client(scene.world.bureau)
    up = client.post(
        f"{BASE}/imports",
        {"kind": "bananas", "file": SimpleUploadedFile("p.xlsx", b"PK")},
        headers=headers,
    )
    assert up.status_code == 422


def test_targets_workbook_by_api_for_the_bureau(scene):
    client, headers = _client(scene.world.bureau)
    response = client.get(f"{BASE}/targets/workbook", {"year": 2026}, headers=headers)
    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).worksheets[0].title == "目标"
