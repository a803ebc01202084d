"""Intake: a staff member registers a request, or an enterprise files one on the portal."""

from __future__ import annotations

import hashlib
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile

from zhaoshang.casework.actions.common import (
    FILE_TYPES,
    STAFF_ROLES,
    _calendar,
    _deadline,
    _notify_owner,
    _now,
    _set_contact_deadline,
    _set_light,
    _step,
    max_attachment_bytes,
)
from zhaoshang.casework.models import (
    Case,
    CaseAttachment,
    CaseStep,
    Category,
    Channel,
    ServiceCommitment,
    Status,
)
from zhaoshang.core.actions import action
from zhaoshang.org.models import Unit, User
from zhaoshang.org.uscc import USCCError, normalize_uscc


def _clean_intake(
    *,
    enterprise_name: str,
    uscc: str,
    contact: str,
    phone: str,
    category: str,
    title: str,
    description: str,
) -> dict[str, str]:
    errors: dict[str, str] = {}
    data = {
        "enterprise_name": enterprise_name.strip(),
        "contact": contact.strip(),
        "phone": "".join(ch for ch in phone if ch.isdigit() or ch == "-"),
        "title": title.strip(),
        "description": description.strip(),
        "category": category,
        "uscc": "",
    }
    if not data["enterprise_name"]:
        errors["enterprise_name"] = "请填写企业名称"
    if not data["contact"]:
        errors["contact"] = "请填写联系人"
    digits = data["phone"].replace("-", "")
    if not 7 <= len(digits) <= 15:
        errors["phone"] = "联系电话应为 7–15 位数字"
    if category not in Category.values:
        errors["category"] = "请选择诉求类别:紧急、咨询、办事或投诉"
    if not data["title"]:
        errors["title"] = "请填写诉求标题"
    if not data["description"]:
        errors["description"] = "请填写诉求内容"
    if uscc and uscc.strip():
        try:
            data["uscc"] = normalize_uscc(uscc)
        except USCCError as exc:
            errors["uscc"] = str(exc)
    if errors:
        raise ValidationError(errors)
    return data


def _check_commitment(commitment: ServiceCommitment | None, unit: Unit) -> None:
    if commitment is not None and (commitment.unit_id != unit.pk or not commitment.active):
        raise ValidationError({"commitment": "所选承诺事项不属于受理单位或已停用"})


def _attach(case: Case, uploads: list[UploadedFile]) -> None:
    limit = max_attachment_bytes()
    for upload in uploads:
        size = upload.size or 0
        name = (upload.name or "file")[:255]
        if size == 0:
            raise ValidationError({"attachments": f"附件“{name}”为空文件"})
        if size > limit:
            raise ValidationError(
                {"attachments": f"附件“{name}”超过 {limit // 1024 // 1024} MB 的大小限制"}
            )
        digest = hashlib.sha256()
        head = b""
        for chunk in upload.chunks():
            if not head:
                head = chunk[:8]
            digest.update(chunk)
        kind = next((t for magic, t in FILE_TYPES.items() if head.startswith(magic)), None)
        if kind is None:
            raise ValidationError(
                {
                    "attachments": f"附件“{name}”类型不被接受:只接受 PDF、PNG、JPEG 或 Office 文件"
                    "(按文件内容判断,而非文件名)"
                }
            )
        upload.seek(0)
        attachment = CaseAttachment(
            case=case, original_name=name, content_type=kind, size=size, sha256=digest.hexdigest()
        )
        attachment.file.save(digest.hexdigest(), upload, save=False)
        attachment.save()


def _new_case(
    *,
    unit: Unit,
    channel: str,
    commitment: ServiceCommitment | None,
    now: datetime,
    data: dict[str, str],
    person: User | None,
    status: str,
) -> Case:
    cal = _calendar()
    case = Case(
        district_id=unit.parent_id,
        channel=channel,
        commitment=commitment,
        first_unit=unit,
        first_person=person,
        owner_unit=unit,
        owner_person=person,
        status=status,
        received_at=now,
        **data,
    )
    deadline = _deadline(cal, case, now)
    case.deadline, case.deadline_explanation = deadline.due, deadline.explanation
    _set_contact_deadline(cal, case, now)
    if status == Status.HANDLING:
        case.accepted_at, case.accepted_on_time = now, True
    _set_light(cal, case, now)
    while Case.objects.filter(code=case.code).exists():  # pragma: no cover - 25^12 codes
        from zhaoshang.casework.models import new_tracking_code

        case.code = new_tracking_code()
    case.save()
    return case


@action
def register_case(
    *,
    actor: User,
    enterprise_name: str,
    contact: str,
    phone: str,
    category: str,
    title: str,
    description: str,
    channel: str = Channel.PHONE,
    uscc: str = "",
    commitment: ServiceCommitment | None = None,
    attachments: list[UploadedFile] | None = None,
    now: datetime | None = None,
) -> Case:
    """A staff member registers a request received by phone, visit or letter: the person and
    their unit are the first responder and own it."""
    if not actor.is_authenticated or not actor.has_role(*STAFF_ROLES) or actor.unit is None:
        raise PermissionDenied("只有单位工作人员可以登记企业诉求")
    unit = actor.unit
    if unit.kind != Unit.Kind.UNIT:
        raise PermissionDenied("登记诉求的人员须属于乡镇街道或区直部门")
    if channel not in Channel.values or channel == Channel.PORTAL:
        raise ValidationError({"channel": "请选择来源渠道:电话、来访或来信"})
    data = _clean_intake(
        enterprise_name=enterprise_name,
        uscc=uscc,
        contact=contact,
        phone=phone,
        category=category,
        title=title,
        description=description,
    )
    _check_commitment(commitment, unit)
    at = _now(now)
    case = _new_case(
        unit=unit,
        channel=channel,
        commitment=commitment,
        now=at,
        data=data,
        person=actor,
        status=Status.HANDLING,
    )
    _attach(case, attachments or [])
    _step(
        case,
        CaseStep.Kind.REGISTERED,
        at,
        actor,
        to_unit=unit,
        reason=f"{case.get_channel_display()}登记,首问责任人 {actor}",
    )
    return case


@action
def submit_case(
    *,
    actor: None = None,
    unit: Unit,
    enterprise_name: str,
    contact: str,
    phone: str,
    category: str,
    title: str,
    description: str,
    uscc: str = "",
    commitment: ServiceCommitment | None = None,
    attachments: list[UploadedFile] | None = None,
    now: datetime | None = None,
) -> Case:
    """An enterprise files a request on the portal to a unit; the unit must accept it."""
    if unit.kind != Unit.Kind.UNIT or not unit.active:
        raise ValidationError({"unit": "请选择受理单位(乡镇街道或区直部门)"})
    data = _clean_intake(
        enterprise_name=enterprise_name,
        uscc=uscc,
        contact=contact,
        phone=phone,
        category=category,
        title=title,
        description=description,
    )
    _check_commitment(commitment, unit)
    at = _now(now)
    case = _new_case(
        unit=unit,
        channel=Channel.PORTAL,
        commitment=commitment,
        now=at,
        data=data,
        person=None,
        status=Status.NEW,
    )
    _attach(case, attachments or [])
    _step(case, CaseStep.Kind.SUBMITTED, at, None, to_unit=unit, reason="企业网上提交")
    _notify_owner(case, "case.assigned", f"新诉求待受理:{case.title}", at)
    return case
