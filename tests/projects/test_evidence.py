"""Evidence upload per stage, sniffed type and size limit; download only in scope."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.world import make_project
from zhaoshang.projects.models import Evidence

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n"


def _upload(client, project, content=PDF, name="合同.pdf", stage="signed"):
    return client.post(
        reverse("projects:evidence_upload", args=[project.pk]),
        {"stage": stage, "note": "签约合同", "file": SimpleUploadedFile(name, content)},
    )


def test_reporter_uploads_evidence_and_everyone_in_scope_downloads_it(world, login):
    project = make_project(world, world.xianggong)
    assert _upload(login(world.township_reporter), project).status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.content_type == "application/pdf" and evidence.stage == "signed"
    url = reverse("projects:evidence_download", args=[evidence.pk])
    for persona in ["township_reporter", "unit_leader", "bureau", "leader", "auditor", "admin"]:
        response = login(getattr(world, persona)).get(url)
        assert response.status_code == 200, persona
        assert response["Content-Disposition"].startswith("attachment")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert b"".join(response.streaming_content) == PDF
    for persona in ["dept_reporter", "outsider"]:
        assert login(getattr(world, persona)).get(url).status_code == 404, persona


def test_anonymous_cannot_download_or_upload(client, world, login):
    project = make_project(world, world.xianggong)
    _upload(login(world.bureau), project)
    evidence = Evidence.objects.get()
    response = client.get(reverse("projects:evidence_download", args=[evidence.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert _upload(client, project).status_code == 302
    assert Evidence.objects.count() == 1


def test_type_is_sniffed_from_content_not_name(world, login):
    project = make_project(world, world.xianggong)
    response = _upload(login(world.township_reporter), project, content=b"MZ\x90\x00", name="a.pdf")
    assert response.status_code == 400
    assert "文件:只接受 PDF" in response.content.decode()
    assert not Evidence.objects.exists()


def test_file_over_the_size_limit_is_refused(world, login, settings):
    settings.EVIDENCE_MAX_BYTES = 10
    project = make_project(world, world.xianggong)
    response = _upload(login(world.township_reporter), project)
    assert response.status_code == 400
    assert "文件:文件超过" in response.content.decode()
    assert not Evidence.objects.exists()


def test_missing_file_is_refused_naming_the_field(world, login):
    project = make_project(world, world.xianggong)
    response = login(world.township_reporter).post(
        reverse("projects:evidence_upload", args=[project.pk]), {"stage": "signed"}
    )
    assert response.status_code == 400
    assert "文件:不能为空" in response.content.decode()


def test_other_units_and_readers_cannot_upload(world, login):
    project = make_project(world, world.xianggong)
    for persona in ["dept_reporter", "outsider", "leader", "auditor"]:
        assert _upload(login(getattr(world, persona)), project).status_code == 404, persona
    assert not Evidence.objects.exists()
