from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.portal.helpers import make_docx, make_pdf, register, zip_without_document_xml
from zhaoshang.core.models import Event
from zhaoshang.portal import actions
from zhaoshang.portal.models import Document

pytestmark = pytest.mark.django_db


def test_bureau_registers_a_pdf_with_its_facts(world) -> None:
    doc = register(world.bureau)
    assert doc.public_id == "ZS-2026-0001"
    assert doc.content_type == "application/pdf"
    assert doc.page_count == 2
    assert doc.size == len(make_pdf())
    assert len(doc.sha256) == 64
    assert "河东区招商引资工作通报" in doc.text
    assert doc.file.read() == make_pdf()
    assert Event.objects.filter(verb="portal.registered", subject_id=str(doc.pk)).exists()


def test_registering_the_same_bytes_again_returns_the_existing_document(world) -> None:
    first = register(world.bureau)
    again = register(world.admin, title="别的标题", doc_number="河招〔2026〕9号")
    assert again.pk == first.pk
    assert Document.objects.count() == 1


def test_public_ids_count_up_within_the_year(world) -> None:
    register(world.bureau)
    second = register(world.bureau, content=make_pdf("第二份"), doc_number="河招〔2026〕4号")
    assert second.public_id == "ZS-2026-0002"


@pytest.mark.parametrize(
    "persona",
    ["township_reporter", "dept_reporter", "unit_leader", "leader", "auditor", "outsider"],
)
def test_only_bureau_and_admin_may_register_documents(world, persona) -> None:
    with pytest.raises(PermissionDenied):
        register(getattr(world, persona))
    assert Document.objects.count() == 0


def test_docx_text_is_extracted_with_python_docx(world) -> None:
    doc = register(
        world.bureau,
        content=make_docx(),
        kind="commitment",
        doc_number="",
        file_name="c.docx",
        period=None,
    )
    assert doc.content_type.endswith("wordprocessingml.document")
    assert "河东区服务承诺清单" in doc.text
    assert "事项\t承诺时限" in doc.text


@pytest.mark.parametrize(
    ("content", "needle"),
    [
        (b"just some text pretending to be a pdf", "文件类型不符"),
        (b"", "文件为空"),
        (zip_without_document_xml(), "不是 Word"),
        (b"%PDF-1.7 broken", "无法打开该 PDF"),
    ],
)
def test_bad_files_are_refused_with_a_chinese_message_and_nothing_stored(
    world, content, needle, settings
) -> None:
    with pytest.raises(ValidationError) as exc:
        register(world.bureau, content=content)
    assert needle in " ".join(exc.value.message_dict["file"])
    assert Document.objects.count() == 0


def test_an_oversized_file_is_refused(world, settings) -> None:
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "PORTAL_MAX_UPLOAD_BYTES": 1000}
    with pytest.raises(ValidationError) as exc:
        register(world.bureau)
    assert "文件过大" in exc.value.message_dict["file"][0]
    assert Document.objects.count() == 0


def test_a_zip_bomb_disguised_as_docx_is_refused(world, monkeypatch) -> None:
    from zhaoshang.portal import files

    monkeypatch.setattr(files, "MAX_UNZIPPED_BYTES", 1000)
    with pytest.raises(ValidationError) as exc:
        register(world.bureau, content=make_docx(), file_name="x.docx")
    assert "解压后过大" in exc.value.message_dict["file"][0]
    assert Document.objects.count() == 0


def test_a_duplicate_document_number_is_refused(world) -> None:
    register(world.bureau)
    with pytest.raises(ValidationError) as exc:
        register(world.bureau, content=make_pdf("另一份"), kind="policy")
    assert "已被其他文档使用" in exc.value.message_dict["doc_number"][0]
    assert Document.objects.count() == 1


def test_a_republished_bulletin_may_keep_its_number(world) -> None:
    register(world.bureau, source="bulletin:1")
    register(world.bureau, content=make_pdf("第二版"), source="bulletin:2")
    assert Document.objects.filter(doc_number="河招〔2026〕3号").count() == 2


def test_bad_metadata_names_the_fields(world) -> None:
    with pytest.raises(ValidationError) as exc:
        register(
            world.bureau, title=" ", issuer="", period="2026-13", kind="nonsense", issued_on="x"
        )
    assert set(exc.value.message_dict) == {"title", "issuer", "period", "kind", "issued_on"}
    assert Document.objects.count() == 0


def test_withdrawing_needs_a_reason_and_the_bureau(world) -> None:
    doc = register(world.bureau)
    with pytest.raises(ValidationError):
        actions.withdraw_document(actor=world.bureau, public_id=doc.public_id, reason=" ")
    with pytest.raises(PermissionDenied):
        actions.withdraw_document(actor=world.leader, public_id=doc.public_id, reason="错误")
    doc.refresh_from_db()
    assert doc.is_public
    actions.withdraw_document(actor=world.bureau, public_id=doc.public_id, reason="数据有误")
    doc.refresh_from_db()
    assert not doc.is_public and doc.withdrawn_reason == "数据有误"
    assert Event.objects.filter(verb="portal.withdrawn").count() == 1


def test_register_document_keeps_part_a_signature(world) -> None:
    doc = actions.register_document(
        actor=world.bureau,
        title="通报",
        issuer="河东区招商局",
        doc_number="河招〔2026〕5号",
        issued_on=date(2026, 5, 1),
        kind="bulletin",
        file_name="a.pdf",
        content=make_pdf("签名"),
        period="2026-04",
        source="bulletin:7",
    )
    assert doc.period == "2026-04" and doc.source == "bulletin:7"


def test_a_rolled_back_registration_leaves_no_row_and_the_next_one_stores_the_file_by_its_hash(
    world,
) -> None:
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        register(world.bureau)
        raise RuntimeError("publishing failed later")
    assert Document.objects.count() == 0
    doc = register(world.bureau)
    assert doc.file.name == f"portal/files/{doc.sha256}.pdf"
    assert doc.file.read() == make_pdf()
