"""Changes to the public document library (register, withdraw, republish)."""

from __future__ import annotations

import datetime
import hashlib
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zhaoshang.core.events import record_event
from zhaoshang.core.permissions import require_role
from zhaoshang.org.models import Role
from zhaoshang.portal import files
from zhaoshang.portal.models import Document

PERIOD_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
DENIED = gettext_lazy("只有招商局工作人员或管理员可以发布公开文档")


def _next_public_id(year: int) -> str:
    prefix = f"ZS-{year}-"
    last = (
        Document.objects.filter(public_id__startswith=prefix)
        .order_by("-public_id")
        .values_list("public_id", flat=True)
        .first()
    )
    number = int(last.rsplit("-", 1)[1]) + 1 if last else 1
    return f"{prefix}{number:04d}"


def _clean(
    *, title: str, issuer: str, doc_number: str, issued_on: Any, kind: str, period: str | None
) -> dict[str, str]:
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("请填写标题")
    if not (issuer or "").strip():
        errors["issuer"] = _("请填写发文单位")
    if not isinstance(issued_on, datetime.date):
        errors["issued_on"] = _("成文日期无效")
    if kind not in Document.Kind.values:
        errors["kind"] = _("文档类别无效")
    if period and not PERIOD_RE.match(period):
        errors["period"] = _("期间格式应为 YYYY-MM,例如 2026-03")
    return errors


def converted_pdf_path(sha256: str) -> Path:
    return files.preview_dir().parent / "converted" / f"{sha256}.pdf"


@transaction.atomic
def register_document(
    *,
    actor: Any,
    title: str,
    issuer: str,
    doc_number: str,
    issued_on: datetime.date,
    kind: str,
    file_name: str,
    content: bytes,
    period: str | None = None,
    source: str = "",
) -> Document:
    """Put a file in the public library. The same bytes again return the existing document."""
    require_role(actor, Role.BUREAU, message=DENIED)
    digest = hashlib.sha256(content).hexdigest()
    existing = Document.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing
    doc_number = (doc_number or "").strip()
    errors = _clean(
        title=title,
        issuer=issuer,
        doc_number=doc_number,
        issued_on=issued_on,
        kind=kind,
        period=period,
    )
    if doc_number:
        clash = Document.objects.filter(doc_number=doc_number)
        # A republished bulletin keeps its number (a new version); any other repeat is a mistake.
        bulletin_version = (
            source.startswith("bulletin:") and not clash.exclude(kind="bulletin").exists()
        )
        if clash.exists() and not bulletin_version:
            errors["doc_number"] = _("文号“%(number)s”已被其他文档使用") % {"number": doc_number}
    if errors:
        raise ValidationError(errors)
    content_type = files.sniff(content)
    if content_type == files.PDF:
        page_count, text = files.pdf_facts(content)
    else:
        text = files.docx_text(content)
        converted = files.docx_to_pdf(content)
        page_count = None
        if converted:
            path = converted_pdf_path(digest)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(converted)
            page_count, _text = files.pdf_facts(converted)
    suffix = ".pdf" if content_type == files.PDF else ".docx"
    document = Document(
        public_id=_next_public_id(issued_on.year),
        title=title.strip(),
        issuer=issuer.strip(),
        doc_number=doc_number,
        issued_on=issued_on,
        kind=kind,
        period=period or "",
        original_name=Path(file_name or "").name[:255] or f"document{suffix}",
        content_type=content_type,
        size=len(content),
        page_count=page_count,
        sha256=digest,
        text=text,
        source=source[:100],
        uploaded_by=actor,
    )
    name = f"portal/files/{digest}{suffix}"
    if document.file.storage.exists(name):
        # Left by a rolled-back registration: no row owns it (checked above), so replace it.
        document.file.storage.delete(name)
    document.file.save(f"{digest}{suffix}", ContentFile(content), save=False)
    try:
        with transaction.atomic():
            document.save()
    except IntegrityError:
        document.file.delete(save=False)
        raise
    record_event(
        actor=actor,
        verb="portal.registered",
        subject=document,
        summary=f"{document.public_id} {document.title}",
        data={"sha256": digest, "source": source},
    )
    return document


@transaction.atomic
def withdraw_document(*, actor: Any, public_id: str, reason: str) -> Document:
    """Hide a document from the public. Its page stays and says it was withdrawn, and why."""
    require_role(actor, Role.BUREAU, message=_("只有招商局工作人员或管理员可以撤回公开文档"))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写撤回原因")})
    document = Document.objects.select_for_update().get(public_id=public_id)
    if not document.is_public:
        raise ValidationError({"reason": _("该文档已撤回")})
    document.is_public = False
    document.withdrawn_reason = reason[:255]
    document.withdrawn_at = timezone.now()
    document.save(update_fields=["is_public", "withdrawn_reason", "withdrawn_at"])
    record_event(
        actor=actor,
        verb="portal.withdrawn",
        subject=document,
        summary=f"{document.public_id} {reason}"[:255],
    )
    return document
