from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.portal.helpers import make_docx, make_pdf, register, zip_without_document_xml
from zhaoshang.portal import files
from zhaoshang.portal.models import Document

pytestmark = pytest.mark.django_db

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
NON_BUREAU = ["township_reporter", "dept_reporter", "unit_leader", "leader", "auditor", "outsider"]


def _client(world, login, persona):
    return Client() if persona == "anonymous" else login(getattr(world, persona))


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_everyone_may_read_the_public_library_list_page_download_preview_and_feed(
    world, login, persona
) -> None:
    doc = register(world.bureau)
    c = _client(world, login, persona)
    assert c.get(reverse("portal:list")).status_code == 200
    assert c.get(reverse("portal:detail", args=[doc.public_id])).status_code == 200
    assert c.get(reverse("portal:download", args=[doc.public_id])).status_code == 200
    assert c.get(reverse("portal:preview", args=[doc.public_id, 1])).status_code == 200
    assert c.get(reverse("portal:feed")).status_code == 200


def test_the_portal_page_shows_the_listed_facts_and_no_staff_navigation(world) -> None:
    doc = register(world.bureau)
    html = Client().get(reverse("portal:detail", args=[doc.public_id])).content.decode()
    for text in (
        doc.public_id,
        doc.title,
        "河东区招商局",
        "河招〔2026〕3号",
        "2026年4月5日",
        doc.sha256,
        "第 2 页",
    ):
        assert text in html
    assert "项目台账" not in html
    assert "tongbao.pdf" not in html  # the original name is not a listed field


def test_download_is_an_attachment_with_nosniff(world) -> None:
    doc = register(world.bureau)
    r = Client().get(reverse("portal:download", args=[doc.public_id]))
    assert r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"].startswith("attachment;")
    assert r["X-Content-Type-Options"] == "nosniff"
    assert b"".join(r.streaming_content) == make_pdf()


def test_previews_are_rendered_once_and_cached_on_disk(world, monkeypatch) -> None:
    doc = register(world.bureau)
    url = reverse("portal:preview", args=[doc.public_id, 1])
    r = Client().get(url)
    png = b"".join(r.streaming_content)
    assert png.startswith(b"\x89PNG")
    assert files.preview_path(doc.sha256, 1).exists()

    def boom(*a, **k):
        raise AssertionError("rendered twice")

    monkeypatch.setattr(files, "render_preview", boom)
    assert b"".join(Client().get(url).streaming_content) == png


def test_previews_stop_at_the_configured_page_count(world, settings) -> None:
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "PORTAL_PREVIEW_PAGES": 1}
    doc = register(world.bureau)
    assert Client().get(reverse("portal:preview", args=[doc.public_id, 2])).status_code == 404
    assert (
        "第 2 页"
        not in Client().get(reverse("portal:detail", args=[doc.public_id])).content.decode()
    )


def test_a_docx_page_shows_its_text_and_no_previews_without_libreoffice(world, monkeypatch) -> None:
    monkeypatch.setattr(files.shutil, "which", lambda name: None)
    doc = register(
        world.bureau,
        content=make_docx(),
        kind="commitment",
        doc_number="",
        file_name="c.docx",
        period=None,
    )
    html = Client().get(reverse("portal:detail", args=[doc.public_id])).content.decode()
    assert "河东区服务承诺清单" in html and "页面预览" not in html
    assert Client().get(reverse("portal:preview", args=[doc.public_id, 1])).status_code == 404


def test_search_finds_by_title_number_period_and_issuer(world) -> None:
    register(world.bureau)
    register(
        world.bureau,
        content=make_pdf("政策"),
        title="关于优化营商环境的若干政策",
        issuer="河东区人民政府",
        doc_number="河政发〔2026〕1号",
        kind="policy",
        period=None,
    )
    url = reverse("portal:list")
    for q, expected in [
        ("营商环境", "若干政策"),
        ("河招〔2026〕3号", "1-3月"),
        ("2026-03", "1-3月"),
        ("人民政府", "若干政策"),
    ]:
        html = Client().get(url, {"q": q}).content.decode()
        assert expected in html, q
    html = Client().get(url, {"q": "人民政府"}).content.decode()
    assert "1-3月" not in html
    assert "没有找到" in Client().get(url, {"q": "不存在的词"}).content.decode()


def test_the_list_is_newest_first_and_paginated(world, monkeypatch) -> None:
    from datetime import date

    from zhaoshang.portal import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for n in range(1, 4):
        register(
            world.bureau,
            content=make_pdf(f"文档{n}", pages=1),
            title=f"文档{n}",
            doc_number=f"河招〔2026〕{n}号",
            issued_on=date(2026, n, 1),
        )
    first = Client().get(reverse("portal:list")).content.decode()
    assert first.index("文档3") < first.index("文档2") and "文档1" not in first
    assert "文档1" in Client().get(reverse("portal:list"), {"page": 2}).content.decode()


def test_the_atom_feed_is_xml_with_entries(world) -> None:
    doc = register(world.bureau)
    r = Client().get(reverse("portal:feed"))
    root = ET.fromstring(r.content)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = root.findall("a:entry", ns)
    assert len(entries) == 1
    assert entries[0].find("a:title", ns).text == doc.title
    assert entries[0].find("a:link", ns).get("href").endswith(f"/portal/d/{doc.public_id}/")


def test_withdrawn_documents_disappear_from_list_feed_download_and_their_page_says_so(
    world,
) -> None:
    from zhaoshang.portal import actions

    doc = register(world.bureau)
    actions.withdraw_document(actor=world.bureau, public_id=doc.public_id, reason="数据有误")
    c = Client()
    assert doc.title not in c.get(reverse("portal:list")).content.decode()
    assert doc.title not in c.get(reverse("portal:feed")).content.decode()
    r = c.get(reverse("portal:detail", args=[doc.public_id]))
    assert r.status_code == 410
    assert "已撤回" in r.content.decode() and "数据有误" in r.content.decode()
    assert doc.sha256 not in r.content.decode()
    assert c.get(reverse("portal:download", args=[doc.public_id])).status_code == 404
    assert c.get(reverse("portal:preview", args=[doc.public_id, 1])).status_code == 404
    assert c.get(reverse("portal:detail", args=["ZS-2026-9999"])).status_code == 404


def _upload_data(content: bytes, name: str = "a.pdf", **extra):
    data = {
        "title": "一季度工作会议讲话",
        "issuer": "河东区人民政府",
        "doc_number": "",
        "issued_on": "2026-04-10",
        "kind": "speech",
        "period": "",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("persona", ["bureau", "admin"])
def test_bureau_and_admin_may_upload(world, login, persona) -> None:
    c = login(getattr(world, persona))
    assert c.get(reverse("portal:upload")).status_code == 200
    r = c.post(reverse("portal:upload"), _upload_data(make_pdf("讲话")))
    doc = Document.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("portal:detail", args=[doc.public_id])
    assert doc.uploaded_by == getattr(world, persona) and doc.kind == "speech"


@pytest.mark.parametrize("persona", NON_BUREAU)
def test_others_may_not_upload(world, login, persona) -> None:
    c = login(getattr(world, persona))
    assert c.get(reverse("portal:upload")).status_code == 403
    assert c.post(reverse("portal:upload"), _upload_data(make_pdf("讲话"))).status_code == 403
    assert Document.objects.count() == 0


def test_anonymous_is_sent_to_login_for_upload_and_withdraw(world) -> None:
    doc = register(world.bureau)
    assert Client().get(reverse("portal:upload")).status_code == 302
    assert (
        Client().post(reverse("portal:withdraw", args=[doc.public_id]), {"reason": "x"}).status_code
        == 302
    )
    doc.refresh_from_db()
    assert doc.is_public


@pytest.mark.parametrize(
    ("content", "name", "needle"),
    [
        (b"plain text renamed", "renamed.pdf", "文件类型不符"),
        (b"", "empty.pdf", "文件为空"),
        (zip_without_document_xml(), "fake.docx", "不是 Word"),
    ],
)
def test_bad_uploads_show_a_chinese_message_naming_the_file_and_store_nothing(
    world, login, content, name, needle
) -> None:
    r = login(world.bureau).post(reverse("portal:upload"), _upload_data(content, name))
    html = r.content.decode()
    assert r.status_code == 422
    assert needle in html and "文件(PDF 或 DOCX)" in html
    assert Document.objects.count() == 0


def test_an_oversized_upload_is_refused(world, login, settings) -> None:
    settings.ZHAOSHANG = {**settings.ZHAOSHANG, "PORTAL_MAX_UPLOAD_BYTES": 100}
    r = login(world.bureau).post(reverse("portal:upload"), _upload_data(make_pdf()))
    assert r.status_code == 422 and "文件过大" in r.content.decode()
    assert Document.objects.count() == 0


def test_an_upload_with_a_bad_period_names_the_field(world, login) -> None:
    r = login(world.bureau).post(
        reverse("portal:upload"), _upload_data(make_pdf(), period="2026/3")
    )
    assert (
        r.status_code == 422
        and "期间(YYYY-MM)" in r.content.decode()
        and "YYYY-MM" in r.content.decode()
    )
    assert Document.objects.count() == 0


@pytest.mark.parametrize("persona", NON_BUREAU)
def test_others_may_not_withdraw(world, login, persona) -> None:
    doc = register(world.bureau)
    r = login(getattr(world, persona)).post(
        reverse("portal:withdraw", args=[doc.public_id]), {"reason": "不该公开"}
    )
    assert r.status_code == 403
    doc.refresh_from_db()
    assert doc.is_public


def test_bureau_withdraws_with_a_reason_and_not_without(world, login) -> None:
    doc = register(world.bureau)
    c = login(world.bureau)
    c.post(reverse("portal:withdraw", args=[doc.public_id]), {"reason": ""})
    doc.refresh_from_db()
    assert doc.is_public
    r = c.post(
        reverse("portal:withdraw", args=[doc.public_id]), {"reason": "数据有误"}, follow=True
    )
    doc.refresh_from_db()
    assert not doc.is_public and "数据有误" in r.content.decode()


def test_bureau_uploads_a_docx_and_the_public_reads_its_text(world, login) -> None:
    data = _upload_data(make_docx("服务承诺:帮办代办免费"), "承诺.docx", kind="commitment")
    r = login(world.bureau).post(reverse("portal:upload"), data)
    doc = Document.objects.get()
    assert r.status_code == 302
    assert doc.original_name == "承诺.docx"
    html = Client().get(reverse("portal:detail", args=[doc.public_id])).content.decode()
    assert "服务承诺:帮办代办免费" in html and "下载 DOCX" in html
    download = Client().get(reverse("portal:download", args=[doc.public_id]))
    assert download["Content-Type"] == doc.content_type
    assert "%E6%89%BF%E8%AF%BA.docx" in download["Content-Disposition"]


def test_admin_may_withdraw_and_an_unknown_document_is_not_found(world, login) -> None:
    doc = register(world.bureau)
    c = login(world.admin)
    assert (
        c.post(reverse("portal:withdraw", args=["ZS-2026-9999"]), {"reason": "x"}).status_code
        == 404
    )
    c.post(reverse("portal:withdraw", args=[doc.public_id]), {"reason": "重复发布"})
    doc.refresh_from_db()
    assert not doc.is_public
