"""Bulletin operations: edit the draft, ask for publishing (a background task), publish (atomic,
idempotent, frozen). Bureau only; every one re-checks the district and writes an event."""

from __future__ import annotations

import logging
import os
import uuid
from datetime import date
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from zhaoshang.bulletins import publishing, queries
from zhaoshang.bulletins.compute import compute
from zhaoshang.bulletins.models import (
    BulletinDraft,
    PublishedBulletin,
    PublishedFile,
    PublishJob,
)
from zhaoshang.bulletins.render.content import doc_number_error
from zhaoshang.core.events import record_event
from zhaoshang.core.periods import Period
from zhaoshang.core.permissions import is_bureau
from zhaoshang.org.models import Unit, User
from zhaoshang.portal import actions as portal_actions

log = logging.getLogger(__name__)
BUREAU_ONLY = "只有招商局可以编辑和发布通报"


def _check(actor: Any, district: Unit) -> User:
    if not is_bureau(actor):
        raise PermissionDenied(BUREAU_ONLY)
    if not (actor.is_superuser or queries.district_for(actor) == district):
        raise PermissionDenied("只能发布本县区的通报")
    return actor  # type: ignore[no-any-return]


def _renderers() -> dict[str, Any]:
    from zhaoshang.bulletins.render import docx, pdf, xlsx

    return {"pdf": pdf.render_pdf, "docx": docx.render_docx, "xlsx": xlsx.render_xlsx}


@transaction.atomic
def save_draft(
    *,
    actor: User,
    district: Unit,
    period: Period,
    narrative: list[str] | None,
    doc_number: str,
    signer: str,
    issued_on: date | None,
    issuer: str = "",
    copy_to: str = "",
) -> BulletinDraft:
    _check(actor, district)
    errors: dict[str, str] = {}
    doc_number = doc_number.strip()
    if not doc_number:
        errors["doc_number"] = "请填写发文字号,如“河招〔2026〕3号”"
    else:
        message = doc_number_error(doc_number, issued_on)
        if message:
            errors["doc_number"] = message
    if not signer.strip():
        errors["signer"] = "请填写签发人"
    if issued_on is None:
        errors["issued_on"] = "请填写成文日期"
    if errors:
        raise ValidationError(errors)
    draft = publishing.draft_for(district, period)
    draft.narrative = [p.strip() for p in (narrative or []) if p.strip()]
    draft.doc_number = doc_number
    draft.signer = signer.strip()
    draft.issued_on = issued_on
    draft.issuer = issuer.strip() or publishing.default_issuer(district)
    draft.copy_to = copy_to.strip()
    draft.updated_by = actor
    draft.save()
    record_event(
        actor=actor,
        verb="bulletin.draft_saved",
        subject=draft,
        unit=district,
        summary=f"保存{period.label()}通报草稿 {doc_number}",
        data={"doc_number": doc_number, "narrative_edited": bool(draft.narrative)},
    )
    return draft


def _check_publishable(
    district: Unit, period: Period, draft: BulletinDraft, override: bool
) -> None:
    if draft.pk is None or not draft.doc_number or draft.issued_on is None:
        raise ValidationError({"doc_number": "请先保存草稿(发文字号、签发人、成文日期)再发布"})
    message = doc_number_error(draft.doc_number, draft.issued_on)
    if message:
        raise ValidationError({"doc_number": message})
    try:
        bulletin = compute(queries.gather(district, period))
    except queries.NoBulletinData as exc:
        raise ValidationError({"period": f"{exc},不能发布"}) from exc
    if not bulletin.has_returns:
        raise ValidationError({"period": f"{period.label()}还没有任何已审核的月报,不能发布空通报"})
    pending = publishing.unverified_returns(district, period)
    if pending and not override:
        raise ValidationError(
            {
                "override_unverified": f"{period.label()}有{len(pending)}份月报尚未审核("
                + "、".join(pending[:10])
                + "),如确需发布,请勾选“含未审核月报仍发布”"
            }
        )


@transaction.atomic
def request_publish(
    *, actor: User, district: Unit, period: Period, override_unverified: bool = False
) -> PublishJob:
    """Check what can be checked now, then queue the publish task (sent on commit)."""
    _check(actor, district)
    draft = publishing.draft_for(district, period)
    _check_publishable(district, period, draft, override_unverified)
    job = PublishJob.objects.create(
        district=district,
        year=period.year,
        month=period.month,
        override_unverified=override_unverified,
        requested_by=actor,
    )
    record_event(
        actor=actor,
        verb="bulletin.publish_requested",
        subject=job,
        unit=district,
        summary=f"申请发布{period.label()}通报",
        data={"override_unverified": override_unverified},
    )
    from zhaoshang.bulletins.tasks import run_publish_job

    transaction.on_commit(lambda: run_publish_job.enqueue(job.pk))
    return job


def _progress(job: PublishJob | None, percent: int, message: str) -> None:
    if job is not None:
        PublishJob.objects.filter(pk=job.pk).update(progress=percent, message=message)


def _directory(district: Unit, period: Period, version: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "bulletins" / district.code / str(period) / f"v{version}"


def publish_bulletin(
    *,
    actor: User,
    district: Unit,
    period: Period,
    override_unverified: bool = False,
    job: PublishJob | None = None,
) -> PublishedBulletin:
    """Freeze the draft as version n (or return the existing version for an unchanged draft).

    The files are rendered first, outside the transaction (writers are not held up for the
    seconds rendering takes). The transaction then re-checks that nothing changed, writes the
    rows and the files under temporary names; the files are renamed into place only when it
    commits. On any failure the rows roll back and the temporary files go.
    """
    _check(actor, district)
    draft = publishing.draft_for(district, period)
    _check_publishable(district, period, draft, override_unverified)
    _progress(job, 10, "计算通报数据")
    content = publishing.content_for(district, period, draft, [])
    fingerprint = publishing.fingerprint(content.document, content.meta)
    existing = _existing(district, period, fingerprint)
    if existing is not None:
        return existing
    _check_number_free(district, draft.doc_number)
    corrections, corrected = publishing.corrections(district, period, content.document)
    content = publishing.content_for(district, period, draft, corrections)
    content.document["corrections"] = corrections
    inputs = publishing.inputs_snapshot(district, period)
    rendered: dict[str, bytes] = {}
    for step, (kind, render) in enumerate(_renderers().items()):
        _progress(job, 20 + step * 25, f"生成 {kind.upper()} 文件")
        rendered[kind] = render(content)
    _progress(job, 95, "保存")
    written: list[Path] = []
    try:
        with transaction.atomic():
            _check(actor, district)
            again = publishing.content_for(
                district, period, publishing.draft_for(district, period), []
            )
            if publishing.fingerprint(again.document, again.meta) != fingerprint:
                raise ValidationError({"period": "生成文件期间数据或草稿有变动,请重新发布"})
            existing = _existing(district, period, fingerprint)
            if existing is not None:
                return existing
            _check_number_free(district, draft.doc_number)
            result = _write(
                actor=actor,
                district=district,
                period=period,
                override=override_unverified,
                content=content,
                fingerprint=fingerprint,
                inputs=inputs,
                corrected=corrected,
                rendered=rendered,
                written=written,
            )
    except BaseException:
        for path in written:
            path.unlink(missing_ok=True)
        for path in written[:1]:
            for parent in (path.parent, path.parent.parent):
                try:
                    parent.rmdir()
                except OSError:
                    break
        raise
    return result


def _existing(district: Unit, period: Period, fingerprint: str) -> PublishedBulletin | None:
    return PublishedBulletin.objects.filter(
        district=district, year=period.year, month=period.month, fingerprint=fingerprint
    ).first()


def _check_number_free(district: Unit, doc_number: str) -> None:
    taken = PublishedBulletin.objects.filter(district=district, doc_number=doc_number).first()
    if taken is not None:
        raise ValidationError(
            {"doc_number": f"发文字号“{doc_number}”已被{taken}使用,请改用新的字号"}
        )


def _write(
    *,
    actor: User,
    district: Unit,
    period: Period,
    override: bool,
    content: Any,
    fingerprint: str,
    inputs: dict[str, Any],
    corrected: list[PublishedBulletin],
    rendered: dict[str, bytes],
    written: list[Path],
) -> PublishedBulletin:
    corrections = content.corrections
    version = (
        PublishedBulletin.objects.filter(district=district, year=period.year, month=period.month)
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
        or 0
    ) + 1
    published = PublishedBulletin.objects.create(
        district=district,
        year=period.year,
        month=period.month,
        version=version,
        title=content.meta.title,
        issuer=content.meta.issuer,
        doc_number=content.meta.doc_number,
        signer=content.meta.signer,
        issued_on=content.meta.issued_on,
        document=content.document,
        inputs=inputs,
        corrections=corrections,
        fingerprint=fingerprint,
        override_unverified=override,
        published_by=actor,
    )
    published.corrects.set(corrected)
    directory = _directory(district, period, version)
    directory.mkdir(parents=True, exist_ok=True)
    moves: list[tuple[Path, Path]] = []
    for kind, data in rendered.items():
        name = f"{district.code}-{period}-v{version}.{kind}"
        temp = directory / f".{name}.{uuid.uuid4().hex}.tmp"
        temp.write_bytes(data)
        written.append(temp)
        moves.append((temp, directory / name))
        PublishedFile.objects.create(
            bulletin=published,
            kind=kind,
            path=(directory / name).relative_to(settings.MEDIA_ROOT).as_posix(),
            sha256=publishing.sha256(data),
            size=len(data),
        )
    record_event(
        actor=actor,
        verb="bulletin.published",
        subject=published,
        unit=district,
        summary=f"发布{published}",
        data={
            "version": version,
            "doc_number": published.doc_number,
            "override_unverified": override,
            "unverified": publishing.unverified_returns(district, period) if override else [],
            "corrections": len(corrections),
            "files": {kind: publishing.sha256(data) for kind, data in rendered.items()},
        },
    )
    _register_in_portal(actor, published, rendered["pdf"])

    def move_into_place() -> None:
        for temp, final in moves:
            os.replace(temp, final)

    transaction.on_commit(move_into_place)
    return published


def _register_in_portal(actor: User, published: PublishedBulletin, pdf: bytes) -> None:
    """The published PDF joins the public archive in the same transaction."""
    portal_actions.register_document(
        actor=actor,
        title=published.title,
        issuer=published.issuer,
        doc_number=published.doc_number,
        issued_on=published.issued_on,
        kind="bulletin",
        file_name=f"{published.district.code}-{published.period}-v{published.version}.pdf",
        content=pdf,
        period=str(published.period),
        source=f"bulletin:{published.pk}",
    )
