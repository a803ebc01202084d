"""Who may open the publishing pages, and what bad input does there."""

from __future__ import annotations

import pytest

from tests.bulletins.publish_helpers import IMMEDIATE, draft, publish
from zhaoshang.bulletins.models import BulletinDraft, PublishedBulletin, PublishJob

DENIED = ["township_reporter", "dept_reporter", "unit_leader", "leader", "auditor", "outsider"]


@pytest.mark.parametrize("persona", DENIED)
def test_only_the_bureau_may_open_or_post_the_draft_and_publish(world, quarter, login, persona):
    client = login(getattr(world, persona))
    assert client.get("/bulletins/2026-3/draft/").status_code == 403
    post = {"doc_number": "河招〔2026〕3号", "signer": "张三", "issued_on": "2026-04-05"}
    assert client.post("/bulletins/2026-3/draft/", post).status_code == 403
    assert client.post("/bulletins/2026-3/publish/").status_code == 403
    assert not BulletinDraft.objects.exists()


def test_anonymous_visitors_are_sent_to_login(world, quarter, client):
    for url in ("/bulletins/2026-3/draft/", "/bulletins/jobs/1/", "/bulletins/published/1/"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response["Location"]
    assert client.post("/bulletins/2026-3/publish/").status_code == 302


def test_the_bureau_saves_a_draft_and_publishes_from_the_page(
    world, quarter, login, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    client = login(world.bureau)
    page = client.get("/bulletins/2026-3/draft/")
    assert page.status_code == 200
    assert "全区共有各类招商引资项目" in page.content.decode()
    response = client.post(
        "/bulletins/2026-3/draft/",
        {
            "doc_number": "河招〔2026〕3号",
            "signer": "张三",
            "issued_on": "2026-04-05",
            "narrative": "改写的第一段。\r\n\r\n改写的第二段。",
        },
    )
    assert response.status_code == 302
    assert BulletinDraft.objects.get().narrative == ["改写的第一段。", "改写的第二段。"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/bulletins/2026-3/publish/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    job = PublishJob.objects.get()
    status = client.get(f"/bulletins/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'data-status="done"' in status
    assert "hx-trigger" not in status
    assert PublishedBulletin.objects.count() == 1


def test_a_bad_document_number_on_the_page_names_the_field_and_saves_nothing(world, quarter, login):
    response = login(world.bureau).post(
        "/bulletins/2026-3/draft/",
        {"doc_number": "河招〔2026〕第03号", "signer": "张三", "issued_on": "2026-04-05"},
    )
    assert response.status_code == 400
    assert "发文字号“河招〔2026〕第03号”格式不对" in response.content.decode()
    assert not BulletinDraft.objects.exists()


def test_a_bad_date_on_the_page_is_refused(world, quarter, login):
    response = login(world.bureau).post(
        "/bulletins/2026-3/draft/",
        {"doc_number": "河招〔2026〕3号", "signer": "张三", "issued_on": "2026-13-45"},
    )
    assert response.status_code == 400
    assert "成文日期格式不对" in response.content.decode()
    assert not BulletinDraft.objects.exists()


def test_publishing_without_a_draft_says_so_and_queues_nothing(world, quarter, login):
    response = login(world.bureau).post("/bulletins/2026-3/publish/", HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "请先保存草稿" in response.content.decode()
    assert not PublishJob.objects.exists()


@pytest.mark.parametrize("persona", ["township_reporter", "leader", "auditor", "bureau", "admin"])
def test_people_of_the_district_may_read_a_published_bulletin_and_download_it(
    world, quarter, login, persona, django_capture_on_commit_callbacks
):
    draft(world)
    published = publish(world, django_capture_on_commit_callbacks)
    client = login(getattr(world, persona))
    page = client.get(f"/bulletins/published/{published.pk}/")
    assert page.status_code == 200
    assert published.files.get(kind="pdf").sha256 in page.content.decode()
    download = client.get(f"/bulletins/published/{published.pk}/pdf/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_people_of_another_district_cannot_see_a_published_bulletin_or_its_job(
    world, quarter, login, django_capture_on_commit_callbacks
):
    draft(world)
    published = publish(world, django_capture_on_commit_callbacks)
    client = login(world.outsider)
    assert client.get(f"/bulletins/published/{published.pk}/").status_code == 404
    assert client.get(f"/bulletins/published/{published.pk}/pdf/").status_code == 404
    job = PublishJob.objects.create(district=world.district, year=2026, month=3)
    assert client.get(f"/bulletins/jobs/{job.pk}/").status_code == 403
    assert login(world.leader).get(f"/bulletins/jobs/{job.pk}/").status_code == 403
    assert login(world.bureau).get(f"/bulletins/jobs/{job.pk}/").status_code == 200


def test_an_unknown_file_kind_is_not_found(
    world, quarter, login, django_capture_on_commit_callbacks
):
    draft(world)
    published = publish(world, django_capture_on_commit_callbacks)
    response = login(world.leader).get(f"/bulletins/published/{published.pk}/exe/")
    assert response.status_code == 404
