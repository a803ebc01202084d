"""Every change to investors and projects. Keyword-only, explicit actor, one transaction, scope
re-checked, an event written."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from zhaoshang.core.actions import action
from zhaoshang.core.events import record_event
from zhaoshang.core.money import AmountError, parse_amount
from zhaoshang.org.models import Unit, User
from zhaoshang.org.uscc import USCCError, normalize_uscc
from zhaoshang.projects import geo
from zhaoshang.projects.models import (
    Evidence,
    Industry,
    Investor,
    Origin,
    Project,
    SiteCheckIn,
    Stage,
    StageChange,
    is_backwards,
)
from zhaoshang.projects.photos import PhotoError, process

EVIDENCE_TYPES = {
    b"%PDF": "application/pdf",
    b"\x89PNG": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
    b"PK\x03\x04": "application/zip",  # docx/xlsx are zip containers
}


def _require_unit_in_scope(actor: User, unit: Unit | None) -> Unit:
    if unit is None:
        raise ValidationError({"lead_unit": "必须指定一个牵头单位"})
    if not Unit.objects.editable_by(actor).filter(pk=unit.pk).exists():
        raise PermissionDenied("不能为本单位以外的单位登记或修改项目")
    if unit.kind != Unit.Kind.UNIT:
        raise ValidationError({"lead_unit": "牵头单位必须是乡镇街道或区直部门"})
    return unit


def _amount(value: Any, field: str, label: str) -> Decimal:
    try:
        return parse_amount(value, field=label)
    except AmountError as exc:
        raise ValidationError({field: str(exc)}) from exc


@action
def register_investor(
    *,
    actor: User,
    name: str,
    uscc: str,
    home_region: str = "",
    contact: str = "",
    phone: str = "",
) -> Investor:
    if not actor.is_authenticated or not actor.role:
        raise PermissionDenied("无权登记投资方")
    try:
        code = normalize_uscc(uscc)
    except USCCError as exc:
        raise ValidationError({"uscc": str(exc)}) from exc
    if not name.strip():
        raise ValidationError({"name": "投资方名称不能为空"})
    if Investor.objects.filter(uscc=code).exists():
        raise ValidationError({"uscc": f"统一社会信用代码 {code} 已登记,请直接选用该投资方"})
    investor = Investor.objects.create(
        name=name.strip(), uscc=code, home_region=home_region, contact=contact, phone=phone
    )
    record_event(
        actor=actor,
        verb="investor.registered",
        subject=investor,
        summary=f"登记投资方 {investor.name}({code})",
    )
    return investor


def find_or_register_investor(*, actor: User, name: str, uscc: str, **extra: str) -> Investor:
    try:
        code = normalize_uscc(uscc)
    except USCCError as exc:
        raise ValidationError({"uscc": str(exc)}) from exc
    existing = Investor.objects.filter(uscc=code).first()
    return existing or register_investor(actor=actor, name=name, uscc=code, **extra)


@action
def register_project(
    *,
    actor: User,
    lead_unit: Unit | None,
    investor: Investor,
    code: str,
    name: str,
    origin: str,
    industry: str,
    planned_investment_yuan: Any,
    start_date: date,
    stage: str = Stage.NEGOTIATING,
    stage_date: date | None = None,
    is_key: bool = False,
    location: str = "",
    description: str = "",
) -> Project:
    unit = _require_unit_in_scope(actor, lead_unit)
    errors: dict[str, str] = {}
    if not code.strip():
        errors["code"] = "项目编号不能为空"
    if not name.strip():
        errors["name"] = "项目名称不能为空"
    if origin not in Origin.values:
        errors["origin"] = "资金来源地应为:市外省内、省外或境外"
    if industry not in Industry.values:
        errors["industry"] = "请选择产业类别"
    if stage not in Stage.values:
        errors["stage"] = "项目阶段无效"
    if errors:
        raise ValidationError(errors)
    amount = _amount(planned_investment_yuan, "planned_investment_yuan", "计划总投资")
    if Project.objects.filter(investor=investor, code=code.strip()).exists():
        raise ValidationError(
            {"code": f"该投资方({investor.uscc})已有编号为 {code} 的项目,同一项目只计一次"}
        )
    project = Project.objects.create(
        lead_unit=unit,
        investor=investor,
        code=code.strip(),
        name=name.strip(),
        origin=origin,
        industry=industry,
        planned_investment_yuan=amount,
        start_date=start_date,
        stage=stage,
        is_key=is_key,
        location=location,
        description=description,
    )
    StageChange.objects.create(
        project=project,
        from_stage="",
        to_stage=stage,
        on=stage_date or start_date,
        reason="登记",
        actor=actor,
    )
    record_event(
        actor=actor,
        verb="project.registered",
        subject=project,
        unit=unit,
        summary=f"{unit.name} 登记项目 {project.name}",
    )
    return project


EDITABLE_FIELDS = {
    "name",
    "origin",
    "industry",
    "planned_investment_yuan",
    "is_key",
    "location",
    "description",
    "start_date",
    "latitude",
    "longitude",
}


@action
def update_project(*, actor: User, project: Project, **changes: Any) -> Project:
    """Change registry fields. The lead unit and stage change only through their own actions."""
    locked = Project.objects.lock_for_change(actor, project.pk, denied="不能修改本单位以外的项目")
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise ValidationError({field: "此字段不能在这里修改" for field in unknown})
    if "planned_investment_yuan" in changes:
        changes["planned_investment_yuan"] = _amount(
            changes["planned_investment_yuan"], "planned_investment_yuan", "计划总投资"
        )
    if "origin" in changes and changes["origin"] not in Origin.values:
        raise ValidationError({"origin": "资金来源地应为:市外省内、省外或境外"})
    if "industry" in changes and changes["industry"] not in Industry.values:
        raise ValidationError({"industry": "请选择产业类别"})
    for field, label, limit in (("latitude", "纬度", 90), ("longitude", "经度", 180)):
        if changes.get(field) not in (None, ""):
            value = _coordinate(changes[field], field, label)
            if abs(value) > limit:
                raise ValidationError({field: f"{label}应在 -{limit} 到 {limit} 之间"})
            changes[field] = value.quantize(Decimal("0.000001"))
        elif field in changes:
            changes[field] = None
    before = {field: str(getattr(locked, field)) for field in changes}
    for field, value in changes.items():
        setattr(locked, field, value)
    locked.save()
    record_event(
        actor=actor,
        verb="project.updated",
        subject=locked,
        unit=locked.lead_unit,
        summary=f"修改项目 {locked.name}",
        data={"before": before, "after": {f: str(v) for f, v in changes.items()}},
    )
    return locked


@action
def transfer_project(*, actor: User, project: Project, to_unit: Unit, reason: str) -> Project:
    """Give a project another lead unit (bureau only): still exactly one lead unit."""
    from zhaoshang.core.permissions import require_role
    from zhaoshang.org.models import Role

    require_role(actor, Role.BUREAU, message="只有招商局可以调整项目牵头单位")
    _require_unit_in_scope(actor, to_unit)
    if not reason.strip():
        raise ValidationError({"reason": "调整牵头单位必须说明理由"})
    locked = Project.objects.lock_for_change(actor, project.pk, denied="不能调整本县区以外的项目")
    old = locked.lead_unit
    locked.lead_unit = to_unit
    locked.save(update_fields=["lead_unit"])
    record_event(
        actor=actor,
        verb="project.transferred",
        subject=locked,
        unit=to_unit,
        summary=f"项目 {locked.name} 牵头单位由 {old} 调整为 {to_unit}",
        data={"from": old.pk, "to": to_unit.pk, "reason": reason},
    )
    return locked


@action
def change_stage(
    *,
    actor: User,
    project: Project,
    to_stage: str,
    on: date,
    reason: str = "",
    checkin: SiteCheckIn | None = None,
) -> StageChange:
    locked = Project.objects.lock_for_change(actor, project.pk, denied="不能修改本单位以外的项目")
    if checkin is not None and checkin.project_id != locked.pk:
        raise ValidationError({"checkin": "所引用的现场打卡不属于本项目"})
    if to_stage not in Stage.values:
        raise ValidationError({"stage": "项目阶段无效"})
    if to_stage == locked.stage:
        raise ValidationError({"stage": f"项目已处于“{Stage(to_stage).label}”阶段"})
    if is_backwards(locked.stage, to_stage) and not reason.strip():
        raise ValidationError(
            {
                "stage": f"阶段由“{Stage(locked.stage).label}”退回“{Stage(to_stage).label}”,必须说明理由"
            }
        )
    last = locked.stage_changes.order_by("-on", "-pk").first()
    if last and on < last.on:
        raise ValidationError({"stage_date": f"阶段变更日期不能早于上一次变更({last.on})"})
    change = StageChange.objects.create(
        project=locked,
        from_stage=locked.stage,
        to_stage=to_stage,
        on=on,
        reason=reason,
        actor=actor,
        checkin=checkin,
    )
    locked.stage = to_stage
    locked.save(update_fields=["stage"])
    record_event(
        actor=actor,
        verb="project.stage_changed",
        subject=locked,
        unit=locked.lead_unit,
        summary=f"{locked.name}:{change.get_from_stage_display()} → "
        f"{change.get_to_stage_display()}({on})",
        data={
            "from": change.from_stage,
            "to": to_stage,
            "on": str(on),
            "reason": reason,
            "checkin": checkin.pk if checkin else None,
        },
    )
    return change


def sniff_type(head: bytes) -> str | None:
    for magic, kind in EVIDENCE_TYPES.items():
        if head.startswith(magic):
            return kind
    return None


@action
def add_evidence(
    *, actor: User, project: Project, stage: str, upload: UploadedFile, note: str = ""
) -> Evidence:
    if not Project.objects.editable_by(actor).filter(pk=project.pk).exists():
        raise PermissionDenied("不能为本单位以外的项目上传材料")
    if stage not in Stage.values:
        raise ValidationError({"stage": "项目阶段无效"})
    size = upload.size or 0
    if size == 0:
        raise ValidationError({"file": "文件为空"})
    if size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {"file": f"文件超过 {settings.EVIDENCE_MAX_BYTES // 1024 // 1024} MB"}
        )
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        if not head:
            head = chunk[:8]
        digest.update(chunk)
    kind = sniff_type(head)
    if kind is None:
        raise ValidationError(
            {"file": "只接受 PDF、PNG、JPEG 或 Office 文件(按文件内容判断,而非文件名)"}
        )
    upload.seek(0)
    evidence = Evidence(
        project=project,
        stage=stage,
        original_name=(upload.name or "file")[:255],
        content_type=kind,
        size=size,
        sha256=digest.hexdigest(),
        note=note,
        uploaded_by=actor,
    )
    evidence.file.save(evidence.sha256, upload, save=False)
    evidence.save()
    record_event(
        actor=actor,
        verb="project.evidence_added",
        subject=project,
        unit=project.lead_unit,
        summary=f"{project.name} 上传佐证材料 {evidence.original_name}",
    )
    return evidence


@action
def register_project_for_investor(
    *, actor: User, uscc: str, investor_name: str = "", lead_unit: Unit | None, **project: Any
) -> Project:
    """Register a project whose investor is chosen by USCC: the registered investor when the
    code is known, else a new one with ``investor_name``. All or nothing."""
    _require_unit_in_scope(actor, lead_unit)
    try:
        code = normalize_uscc(uscc)
    except USCCError as exc:
        raise ValidationError({"uscc": str(exc)}) from exc
    if not Investor.objects.filter(uscc=code).exists() and not investor_name.strip():
        raise ValidationError({"investor_name": "新的投资方须填写投资方名称"})
    investor = find_or_register_investor(actor=actor, name=investor_name, uscc=code)
    return register_project(actor=actor, lead_unit=lead_unit, investor=investor, **project)


def _coordinate(value: Any, field: str, label: str) -> Decimal:
    try:
        number = Decimal(str(value).strip())
    except (ArithmeticError, ValueError) as exc:
        raise ValidationError({field: f"{label}不是有效的数字"}) from exc
    if not number.is_finite():
        raise ValidationError({field: f"{label}不是有效的数字"})
    return number


@action
def check_in(
    *,
    actor: User,
    project: Project,
    latitude: Any,
    longitude: Any,
    accuracy_m: Any,
    photo: UploadedFile,
    note: str = "",
) -> SiteCheckIn:
    """A site visit from a phone: position with accuracy, a photo; flagged when far from the
    site, inaccurate, or when the photo's own EXIF position disagrees."""
    if not Project.objects.editable_by(actor).filter(pk=project.pk).exists():
        raise PermissionDenied("不能在本单位以外的项目打卡")
    if accuracy_m in (None, ""):
        raise ValidationError({"accuracy_m": "缺少定位精度:请允许浏览器获取位置后重试"})
    if latitude in (None, "") or longitude in (None, ""):
        raise ValidationError({"latitude": "缺少位置:请允许浏览器获取位置后重试"})
    lat = _coordinate(latitude, "latitude", "纬度").quantize(Decimal("0.000001"))
    lon = _coordinate(longitude, "longitude", "经度").quantize(Decimal("0.000001"))
    accuracy = _coordinate(accuracy_m, "accuracy_m", "定位精度").quantize(Decimal("0.1"))
    try:
        position = geo.Point(lat, lon)
    except geo.CoordinateError as exc:
        raise ValidationError({"latitude": str(exc)}) from exc
    if accuracy < 0:
        raise ValidationError({"accuracy_m": "定位精度不能为负数"})
    size = photo.size or 0
    if size > settings.EVIDENCE_MAX_BYTES:
        raise ValidationError(
            {"photo": f"照片超过 {settings.EVIDENCE_MAX_BYTES // 1024 // 1024} MB"}
        )
    try:
        processed = process(b"".join(photo.chunks()))
    except PhotoError as exc:
        raise ValidationError({"photo": str(exc)}) from exc
    site = (
        geo.Point(project.latitude, project.longitude)
        if project.latitude is not None and project.longitude is not None
        else None
    )
    result = geo.assess(
        position=position,
        accuracy_m=accuracy,
        site=site,
        exif=processed.exif_position,
        geofence_m=int(getattr(settings, "CHECKIN_GEOFENCE_METRES", geo.DEFAULT_GEOFENCE_M)),
        max_accuracy_m=int(
            getattr(settings, "CHECKIN_MAX_ACCURACY_METRES", geo.DEFAULT_MAX_ACCURACY_M)
        ),
    )
    exif_at = processed.exif_taken_at
    checkin = SiteCheckIn(
        project=project,
        actor=actor,
        latitude=lat,
        longitude=lon,
        accuracy_m=accuracy,
        distance_m=result.distance_m,
        sha256=processed.sha256,
        original_sha256=processed.original_sha256,
        width=processed.width,
        height=processed.height,
        exif_latitude=processed.exif_position.lat if processed.exif_position else None,
        exif_longitude=processed.exif_position.lon if processed.exif_position else None,
        exif_distance_m=result.exif_distance_m,
        exif_taken_at=timezone.make_aware(exif_at) if exif_at else None,
        flags=list(result.flags),
        note=note.strip()[:255],
    )
    checkin.photo.save(f"{processed.sha256}.jpg", ContentFile(processed.data), save=False)
    checkin.save()
    labels = "、".join(checkin.flag_labels())
    record_event(
        actor=actor,
        verb="project.checked_in",
        subject=project,
        unit=project.lead_unit,
        summary=f"{project.name} 现场打卡" + (f"({labels})" if labels else ""),
        data={
            "checkin": checkin.pk,
            "distance_m": str(result.distance_m) if result.distance_m is not None else None,
            "accuracy_m": str(accuracy),
            "flags": list(result.flags),
            "sha256": processed.original_sha256,
        },
    )
    return checkin
