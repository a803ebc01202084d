"""Sniffing, text extraction and page previews of uploaded files (PDF, DOCX), by content only."""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# A DOCX whose parts expand beyond this is treated as a zip bomb.
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024


def max_upload_bytes() -> int:
    return int(settings.ZHAOSHANG.get("PORTAL_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))


def preview_pages() -> int:
    return int(settings.ZHAOSHANG.get("PORTAL_PREVIEW_PAGES", 5))


def sniff(content: bytes) -> str:
    """The content type of ``content`` (PDF or DOCX) judged from the bytes; else ValidationError."""
    if not content:
        raise ValidationError({"file": _("文件为空,请选择要上传的文件")})
    limit = max_upload_bytes()
    if len(content) > limit:
        raise ValidationError(
            {"file": _("文件过大:不能超过 %(mb)d MB") % {"mb": limit // (1024 * 1024)}}
        )
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(content)) as zf:
                infos = zf.infolist()
                names = {i.filename for i in infos}
                total = sum(i.file_size for i in infos)
        except zipfile.BadZipFile:
            raise ValidationError({"file": _("文件已损坏:不是有效的 DOCX 文件")}) from None
        if "word/document.xml" not in names:
            raise ValidationError({"file": _("文件类型不符:压缩包不是 Word (DOCX) 文档")})
        if total > MAX_UNZIPPED_BYTES:
            raise ValidationError({"file": _("文件异常:DOCX 解压后过大,已拒绝")})
        return DOCX
    raise ValidationError({"file": _("文件类型不符:只接受 PDF 或 DOCX 文件(按文件内容判断)")})


def pdf_facts(content: bytes) -> tuple[int, str]:
    """(page count, full text) of a PDF."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError:
        raise ValidationError({"file": _("文件已损坏:无法打开该 PDF")}) from None
    try:
        texts = []
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range().replace("\r\n", "\n"))
        return len(pdf), "\n\n".join(t.strip() for t in texts)
    finally:
        pdf.close()


def docx_text(content: bytes) -> str:
    import docx

    try:
        document = docx.Document(io.BytesIO(content))
    except Exception:
        raise ValidationError({"file": _("文件已损坏:无法打开该 DOCX 文档")}) from None
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.append("\t".join(cell.text for cell in row.cells))
    return "\n".join(lines).strip()


def docx_to_pdf(content: bytes) -> bytes | None:
    """Convert with LibreOffice when ``soffice`` is installed; None otherwise (text is shown)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "doc.docx"
        src.write_bytes(content)
        try:
            subprocess.run(
                [soffice, "--headless", "--convert-to", "pdf", "--outdir", tmp, str(src)],
                check=True,
                timeout=120,
                capture_output=True,
            )
        except (subprocess.SubprocessError, OSError):
            return None
        out = Path(tmp) / "doc.pdf"
        return out.read_bytes() if out.exists() else None


def preview_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / "portal" / "previews"


def preview_path(sha256: str, page: int) -> Path:
    return preview_dir() / f"{sha256}-{page}.png"


def render_preview(pdf_bytes: bytes, sha256: str, page: int) -> Path:
    """The PNG of page ``page`` (1-based), rendered once with pypdfium2 and cached on disk."""
    path = preview_path(sha256, page)
    if path.exists():
        return path
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(pdf_bytes)
    try:
        image = pdf[page - 1].render(scale=1.2).to_pil()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        image.save(tmp, format="PNG")
        tmp.replace(path)
    finally:
        pdf.close()
    return path
