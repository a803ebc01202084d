"""Small documents made on the fly (no binary fixtures)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from functools import cache

from zhaoshang.portal import actions


@cache
def make_pdf(body: str = "河东区招商引资工作通报", pages: int = 2) -> bytes:
    from weasyprint import HTML

    html = "".join(
        f'<section style="page-break-after:always"><h1>{body}</h1><p>第{n}页 相公街道</p></section>'
        for n in range(1, pages + 1)
    )
    return HTML(string=f"<html><body>{html}</body></html>").write_pdf()


def make_docx(text: str = "河东区服务承诺清单") -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(text)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "事项"
    table.rows[0].cells[1].text = "承诺时限"
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def zip_without_document_xml() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("hello.txt", "不是 Word 文档")
    return buf.getvalue()


def register(actor, *, content: bytes | None = None, **overrides):
    values = {
        "title": "2026年1-3月全区招商引资工作通报",
        "issuer": "河东区招商局",
        "doc_number": "河招〔2026〕3号",
        "issued_on": date(2026, 4, 5),
        "kind": "bulletin",
        "file_name": "tongbao.pdf",
        "period": "2026-03",
        "source": "",
    }
    values.update(overrides)
    return actions.register_document(
        actor=actor, content=content if content is not None else make_pdf(), **values
    )
