"""Publishing: frozen, hashed, atomic, idempotent; 更正 in the next version."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from tests.bulletins.publish_helpers import IMMEDIATE, MARCH, draft, publish
from tests.bulletins.scenario import file_return, open_month
from zhaoshang.bulletins import actions, publishing
from zhaoshang.bulletins.models import BulletinDraft, PublishedBulletin, PublishedFile, PublishJob
from zhaoshang.core.models import Event
from zhaoshang.core.periods import Period
from zhaoshang.portal.models import Document
from zhaoshang.reporting import actions as reporting
from zhaoshang.reporting.models import UnitReturn


def media_files() -> list[Path]:
    """The bulletin's own files (the portal keeps its copy of the PDF elsewhere)."""
    root = Path(settings.MEDIA_ROOT) / "bulletins"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_published_files_exist_and_hash_to_the_recorded_values(
    world, quarter, django_capture_on_commit_callbacks
):
    draft(world)
    published = publish(world, django_capture_on_commit_callbacks)
    files = {f.kind: f for f in published.files.all()}
    assert set(files) == {"pdf", "docx", "xlsx"}
    for item in files.values():
        data = (Path(settings.MEDIA_ROOT) / item.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item.sha256
        assert len(data) == item.size
    assert not [p for p in media_files() if p.name.endswith(".tmp")]
    assert published.version == 1
    assert published.doc_number == "河招〔2026〕3号"
    assert published.document["totals"]["outside_funds_wan_yuan"] == "75.00"
    assert {r["unit__code"] for r in published.inputs["returns"]} >= {"T01", "B01"}
    assert published.inputs["narrative_templates"]["funds"] == "利用市外资金{funds_yi}亿元"
    assert Event.objects.filter(verb="bulletin.published", subject_id=str(published.pk)).exists()


def test_a_published_bulletin_never_changes(world, quarter, django_capture_on_commit_callbacks):
    draft(world)
    published = publish(world, django_capture_on_commit_callbacks)
    published.title = "改过的标题"
    with pytest.raises(PermissionError):
        published.save()
    with pytest.raises(PermissionError):
        PublishedBulletin.objects.filter(pk=published.pk).update(title="改过的标题")
    with pytest.raises(PermissionError):
        published.delete()
    a_file = published.files.first()
    with pytest.raises(PermissionError):
        PublishedFile.objects.filter(pk=a_file.pk).update(sha256="0" * 64)
    published.refresh_from_db()
    assert published.title.startswith("关于2026年1-3月")


def test_publishing_the_same_draft_twice_gives_one_version(
    world, quarter, django_capture_on_commit_callbacks
):
    draft(world)
    first = publish(world, django_capture_on_commit_callbacks)
    second = publish(world, django_capture_on_commit_callbacks)
    assert first.pk == second.pk
    assert PublishedBulletin.objects.count() == 1
    assert PublishedFile.objects.count() == 3
    assert len(media_files()) == 3


def _correct_xianggong_march(world, quarter, amount: str, reason: str) -> None:
    unit_return = UnitReturn.objects.get(unit=world.xianggong, period=quarter.periods[3])
    reporting.correct_return(
        actor=world.bureau,
        unit_return=unit_return,
        lines=[
            reporting.LineInput(
                project_id=quarter.projects["xg"].pk,
                values={"funds_outside_province_yuan": amount},
            )
        ],
        reason=reason,
    )


def test_changed_data_makes_version_two_with_a_correction_listing_exactly_the_changes(
    world, quarter, django_capture_on_commit_callbacks, login
):
    draft(world)
    first = publish(world, django_capture_on_commit_callbacks)
    first_hashes = {f.kind: f.sha256 for f in first.files.all()}
    _correct_xianggong_march(world, quarter, "300000", "银行回单复核,补录10万元")
    draft(world, number=4)
    second = publish(world, django_capture_on_commit_callbacks)
    assert second.version == 2
    changes = {(c["unit"], c["figure"], c["old"], c["new"]) for c in second.corrections}
    assert changes == {
        ("相公街道", "利用市外资金(万元)", "50.00", "60.00"),
        ("河东区(全区)", "利用市外资金(万元)", "75.00", "85.00"),
    }
    reasons = {c["unit"]: c["reason"] for c in second.corrections}
    assert reasons["相公街道"] == "银行回单复核,补录10万元"
    assert list(first.corrected_by.all()) == [second]
    first.refresh_from_db()
    assert first.document["totals"]["outside_funds_wan_yuan"] == "75.00"
    for item in first.files.all():
        data = (Path(settings.MEDIA_ROOT) / item.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == first_hashes[item.kind]
    page = login(world.leader).get(f"/bulletins/published/{first.pk}/")
    text = page.content.decode()
    assert "河招〔2026〕4号 中更正" in text
    assert f"/bulletins/published/{second.pk}/" in text
    # The public archive says the same on the old bulletin's permanent page.
    old_doc = Document.objects.get(source=f"bulletin:{first.pk}")
    new_doc = Document.objects.get(source=f"bulletin:{second.pk}")
    public = Client().get(f"/portal/d/{old_doc.public_id}/").content.decode()
    assert "本文档的部分数据已在 河招〔2026〕4号 中更正" in public
    assert f"/portal/d/{new_doc.public_id}/" in public
    assert "已在" not in Client().get(f"/portal/d/{new_doc.public_id}/").content.decode()


def test_a_correction_already_announced_is_not_repeated(
    world, quarter, django_capture_on_commit_callbacks
):
    draft(world)
    publish(world, django_capture_on_commit_callbacks)
    _correct_xianggong_march(world, quarter, "300000", "补录")
    draft(world, number=4)
    publish(world, django_capture_on_commit_callbacks)
    draft(world, number=5, signer="李四")
    third = publish(world, django_capture_on_commit_callbacks)
    assert third.version == 3
    assert third.corrections == []


def test_a_rendering_failure_leaves_no_rows_and_no_files(
    world, quarter, django_capture_on_commit_callbacks, monkeypatch
):
    draft(world)
    real = actions._renderers()

    def broken_xlsx(content):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(actions, "_renderers", lambda: {**real, "xlsx": broken_xlsx})
    with pytest.raises(RuntimeError):
        publish(world, django_capture_on_commit_callbacks)
    assert PublishedBulletin.objects.count() == 0
    assert PublishedFile.objects.count() == 0
    assert media_files() == []
    assert not Event.objects.filter(verb="bulletin.published").exists()


@pytest.mark.parametrize(
    "number",
    [
        "河招〔2026〕03号",
        "河招〔2026〕第3号",
        "河招[2026]3号",
        "河招(2026)3号",
        "〔2026〕3号",
        "河招〔2025〕3号",
        "",
    ],
)
def test_a_malformed_document_number_is_refused_and_nothing_saved(world, quarter, number):
    with pytest.raises(ValidationError) as caught:
        draft(world, doc_number=number)
    assert "doc_number" in caught.value.message_dict
    assert "发文字号" in caught.value.message_dict["doc_number"][0]
    assert not BulletinDraft.objects.exists()


def test_a_draft_needs_a_signer_and_a_date(world, quarter):
    with pytest.raises(ValidationError) as caught:
        draft(world, signer=" ", issued_on=None)
    assert caught.value.message_dict["signer"] == ["请填写签发人"]
    assert caught.value.message_dict["issued_on"] == ["请填写成文日期"]
    assert not BulletinDraft.objects.exists()


def test_publishing_a_period_without_verified_returns_is_refused(
    world, quarter, django_capture_on_commit_callbacks
):
    open_month(world, 4)
    draft(world, period=Period(2026, 4))
    with pytest.raises(ValidationError) as caught:
        publish(world, django_capture_on_commit_callbacks, period=Period(2026, 4))
    assert "没有任何已审核的月报" in caught.value.message_dict["period"][0]
    assert PublishedBulletin.objects.count() == 0
    assert media_files() == []


def test_unverified_returns_block_publishing_unless_overridden_and_recorded(
    world, quarter, django_capture_on_commit_callbacks
):
    file_return(world, quarter.periods[3], world.bureau_unit, verify=False)
    draft(world)
    with pytest.raises(ValidationError) as caught:
        publish(world, django_capture_on_commit_callbacks)
    assert "招商局" in caught.value.message_dict["override_unverified"][0]
    assert PublishedBulletin.objects.count() == 0
    published = publish(world, django_capture_on_commit_callbacks, override_unverified=True)
    assert published.override_unverified
    event = Event.objects.get(verb="bulletin.published")
    assert event.data["override_unverified"] is True
    assert event.data["unverified"] == ["招商局"]


def test_a_document_number_used_by_another_bulletin_is_refused(
    world, quarter, django_capture_on_commit_callbacks
):
    draft(world)
    publish(world, django_capture_on_commit_callbacks)
    draft(world, period=Period(2026, 2))
    with pytest.raises(ValidationError) as caught:
        publish(world, django_capture_on_commit_callbacks, period=Period(2026, 2))
    assert "已被" in caught.value.message_dict["doc_number"][0]
    assert PublishedBulletin.objects.count() == 1


@pytest.mark.parametrize(
    "persona", ["township_reporter", "unit_leader", "leader", "auditor", "outsider"]
)
def test_only_the_bureau_may_draft_or_publish(world, quarter, persona):
    user = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        actions.save_draft(
            actor=user,
            district=world.district,
            period=MARCH,
            narrative=None,
            doc_number="河招〔2026〕3号",
            signer="张三",
            issued_on=date(2026, 4, 5),
        )
    with pytest.raises(PermissionDenied):
        actions.publish_bulletin(actor=user, district=world.district, period=MARCH)
    assert not BulletinDraft.objects.exists()


def test_the_publish_task_runs_and_reports_progress(
    world, quarter, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = IMMEDIATE
    draft(world, narrative=["第一段改写。", "第二段改写。"])
    with django_capture_on_commit_callbacks(execute=True):
        job = actions.request_publish(actor=world.bureau, district=world.district, period=MARCH)
    job.refresh_from_db()
    assert job.status == PublishJob.Status.DONE
    assert job.progress == 100
    assert job.result.document["narrative"] == ["第一段改写。", "第二段改写。"]
    assert Decimal(job.result.document["totals"]["outside_funds_wan_yuan"]) == Decimal("75.00")


def test_a_failure_after_the_files_are_written_removes_them_and_the_rows(
    world, quarter, django_capture_on_commit_callbacks, monkeypatch
):
    draft(world)

    def broken_event(**kwargs):
        raise RuntimeError("事件表不可写")

    monkeypatch.setattr(actions, "record_event", broken_event)
    with pytest.raises(RuntimeError):
        publish(world, django_capture_on_commit_callbacks)
    assert PublishedBulletin.objects.count() == 0
    assert PublishedFile.objects.count() == 0
    assert media_files() == []


def test_files_left_under_temporary_names_by_a_crash_after_commit_are_put_in_place(
    world, quarter, django_capture_on_commit_callbacks
):
    draft(world)
    with django_capture_on_commit_callbacks(execute=False):  # the renames never run
        published = actions.publish_bulletin(
            actor=world.bureau, district=world.district, period=MARCH
        )
    finals = [Path(settings.MEDIA_ROOT) / f.path for f in published.files.all()]
    assert finals and not any(path.exists() for path in finals)
    assert publishing.finish_interrupted_publishing() == len(finals)
    for item in published.files.all():
        data = (Path(settings.MEDIA_ROOT) / item.path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == item.sha256
    assert publishing.finish_interrupted_publishing() == 0
