"""Who may download and upload a unit's return workbook, and the upload → confirm flow."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from zhaoshang.spreadsheets.models import ImportBatch

pytestmark = pytest.mark.django_db

XG_EDIT = {"township_reporter", "unit_leader", "bureau", "admin"}
XG_SEE = XG_EDIT | {"leader", "auditor"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    "persona",
    [
        "township_reporter",
        "dept_reporter",
        "unit_leader",
        "bureau",
        "leader",
        "auditor",
        "admin",
        "outsider",
    ],
)
def test_download_and_upload_are_scoped_to_the_units_people(scene, login, persona):
    ret = scene.march_return()
    client = login(getattr(scene.world, persona))
    down = client.get(reverse("spreadsheets:return_download", args=[ret.pk]))
    up = client.get(reverse("spreadsheets:return_upload", args=[ret.pk]))
    if persona in XG_SEE:
        assert down.status_code == 200
        assert down["Content-Type"].startswith("application/vnd.openxml")
    else:
        assert down.status_code in (403, 404)
    if persona in XG_EDIT:
        assert up.status_code == 200
    else:
        assert up.status_code in (403, 404)


def test_anonymous_is_sent_to_login(scene, client):
    ret = scene.march_return()
    for name in ("return_download", "return_upload"):
        response = client.get(reverse(f"spreadsheets:{name}", args=[ret.pk]))
        assert response.status_code == 302 and "login" in response["Location"]


def test_upload_shows_dry_run_then_confirm_saves(scene, login):
    ret = scene.march_return()
    client = login(scene.world.township_reporter)
    blank = client.get(reverse("spreadsheets:return_download", args=[ret.pk])).content
    wb = load_workbook(io.BytesIO(blank))
    wb["月报"]["H3"] = 8
    buf = io.BytesIO()
    wb.save(buf)
    upload = SimpleUploadedFile("march.xlsx", buf.getvalue())
    page = client.post(reverse("spreadsheets:return_upload", args=[ret.pk]), {"file": upload})
    assert page.status_code == 200 and "预检结果" in page.content.decode()
    line = ret.lines.order_by("project__code").first()
    assert line.funds_within_province_yuan == 0
    batch = ImportBatch.objects.get(status="dry_run")
    done = client.post(reverse("spreadsheets:return_confirm", args=[ret.pk, batch.pk]))
    assert done.status_code == 302
    line.refresh_from_db()
    assert str(line.funds_within_province_yuan) == "80000.00"


def test_bad_upload_names_the_cell_and_saves_nothing(scene, login):
    ret = scene.march_return()
    client = login(scene.world.township_reporter)
    upload = SimpleUploadedFile("x.xlsx", b"a,b\n1,2\n")
    page = client.post(reverse("spreadsheets:return_upload", args=[ret.pk]), {"file": upload})
    assert page.status_code == 422 and "不是Excel工作簿" in page.content.decode()
    assert not ImportBatch.objects.exists()


def test_other_unit_cannot_confirm_a_batch(scene, login):
    ret = scene.march_return()
    client = login(scene.world.dept_reporter)
    response = client.post(reverse("spreadsheets:return_confirm", args=[ret.pk, 1]))
    assert response.status_code == 404


def test_oversized_upload_is_refused_before_reading(scene, login, settings):
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "MAX_UPLOAD_BYTES": 10}
    ret = scene.march_return()
    client = login(scene.world.township_reporter)
    upload = SimpleUploadedFile("big.xlsx", b"PK\x03\x04" + b"0" * 100)
    page = client.post(reverse("spreadsheets:return_upload", args=[ret.pk]), {"file": upload})
    assert page.status_code == 422 and "文件过大" in page.content.decode()
    assert not ImportBatch.objects.exists()


def test_upload_without_a_file_says_so(scene, login):
    ret = scene.march_return()
    page = login(scene.world.township_reporter).post(
        reverse("spreadsheets:return_upload", args=[ret.pk])
    )
    assert page.status_code == 422 and "请选择要上传的Excel文件" in page.content.decode()
