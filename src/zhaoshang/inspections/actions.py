"""Every change in the inspections app. Keyword-only, explicit actor, one transaction, scope
re-checked, an event written. Errors: ``ValidationError`` keyed by field (Chinese) and
``PermissionDenied``."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Sum
from django.utils import timezone

from zhaoshang.casework import actions as casework_actions
from zhaoshang.core.actions import action
from zhaoshang.core.calendar_data import load_calendar
from zhaoshang.core.events import record_event
from zhaoshang.core.permissions import is_bureau
from zhaoshang.inspections import rules as pure
from zhaoshang.inspections.models import (
    Enterprise,
    Filing,
    InspectionRules,
    JointVisit,
    Protection,
    ProtectionRule,
    Rating,
    UnfiledReport,
)
from zhaoshang.org.models import UNIT_ROLES, Role, Unit, User
from zhaoshang.org.uscc import USCCError, normalize_uscc
from zhaoshang.projects.models import Industry, Project

# Crockford-style alphabet without look-alikes (0/O, 1/I/L): codes are read aloud and typed.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 12  # 31^12 ≈ 2^59: guessing is hopeless, and guesses are rate-limited


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def _uscc(raw: str) -> str:
    try:
        return normalize_uscc(raw)
    except USCCError as exc:
        raise ValidationError({"uscc": str(exc)}) from exc


def _require_bureau(actor: Any, message: str) -> User:
    if not is_bureau(actor):
        raise PermissionDenied(message)
    return actor  # type: ignore[no-any-return]


# --- Enterprise register --------------------------------------------------------------------


def _entry_errors(
    code: str,
    name: str,
    industry: str,
    size: str,
    responsible_unit: Unit | None,
    other_than: Enterprise | None = None,
) -> dict[str, str]:
    """Every problem of a register entry at once (registering and correcting alike)."""
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = "企业名称不能为空"
    if industry not in Industry.values:
        errors["industry"] = "请选择行业"
    if size not in Enterprise.Size.values:
        errors["size"] = "请选择企业规模"
    if responsible_unit is None:
        errors["responsible_unit"] = "请选择属地/责任单位"
    elif responsible_unit.kind != Unit.Kind.UNIT:
        errors["responsible_unit"] = "责任单位必须是乡镇街道或区直部门"
    taken = Enterprise.objects.filter(uscc=code)
    if other_than is not None:
        taken = taken.exclude(pk=other_than.pk)
    if taken.exists():
        errors["uscc"] = (
            f"统一社会信用代码 {code} 已由另一家企业登记"
            if other_than is not None
            else f"统一社会信用代码 {code} 已登记"
        )
    return errors


@action
def register_enterprise(
    *,
    actor: User,
    uscc: str,
    name: str,
    responsible_unit: Unit | None,
    industry: str,
    size: str,
    address: str = "",
    foreign_invested: bool = False,
    contact: str = "",
    phone: str = "",
) -> Enterprise:
    """Bureau staff register any enterprise of their district; a unit, those it is responsible for."""
    if responsible_unit is None:
        raise ValidationError({"responsible_unit": "请选择属地/责任单位"})
    if not Unit.objects.editable_by(actor).filter(pk=responsible_unit.pk).exists():
        raise PermissionDenied("只能登记本单位负责的企业")
    code = _uscc(uscc)
    errors = _entry_errors(code, name, industry, size, responsible_unit)
    if errors:
        raise ValidationError(errors)
    enterprise = Enterprise.objects.create(
        uscc=code,
        name=name.strip(),
        responsible_unit=responsible_unit,
        industry=industry,
        size=size,
        address=address.strip(),
        foreign_invested=foreign_invested,
        contact=contact,
        phone=phone,
    )
    record_event(
        actor=actor,
        verb="enterprise.registered",
        subject=enterprise,
        unit=responsible_unit,
        summary=f"登记企业 {enterprise.name}({code})",
    )
    return enterprise


ENTERPRISE_FIELDS = {
    "uscc": "统一社会信用代码",
    "name": "企业名称",
    "responsible_unit": "属地/责任单位",
    "industry": "行业",
    "size": "企业规模",
    "foreign_invested": "外商投资企业",
    "address": "地址",
    "contact": "联系人",
    "phone": "联系电话",
}


def _shown(enterprise: Enterprise, field: str) -> str:
    value = getattr(enterprise, field)
    if field == "foreign_invested":
        return "是" if value else "否"
    if field in {"industry", "size"}:
        return str(getattr(enterprise, f"get_{field}_display")())
    return str(value) if value not in (None, "") else "(空)"


@action
def update_enterprise(
    *,
    actor: User,
    enterprise: Enterprise,
    uscc: str,
    name: str,
    responsible_unit: Unit | None,
    industry: str,
    size: str,
    address: str = "",
    foreign_invested: bool = False,
    contact: str = "",
    phone: str = "",
) -> Enterprise:
    """Correct an enterprise's register entry (the status has its own action, with a reason).
    The responsible unit and the bureau may; a unit cannot hand the enterprise to a unit outside
    its own scope. Listed protections of the enterprise follow a new responsible unit."""
    locked = Enterprise.objects.lock_for_change(actor, enterprise.pk, denied="不能修改该企业")
    code = _uscc(uscc)
    errors = _entry_errors(code, name, industry, size, responsible_unit, other_than=locked)
    if (
        responsible_unit is not None
        and "responsible_unit" not in errors
        and not Unit.objects.editable_by(actor).filter(pk=responsible_unit.pk).exists()
    ):
        raise PermissionDenied("只能把企业交给本单位(招商局:本区单位)负责")
    if errors:
        raise ValidationError(errors)
    assert responsible_unit is not None
    before = {f: _shown(locked, f) for f in ENTERPRISE_FIELDS}
    moved = locked.responsible_unit_id != responsible_unit.pk
    locked.uscc = code
    locked.name = name.strip()
    locked.responsible_unit = responsible_unit
    locked.industry = industry
    locked.size = size
    locked.address = address.strip()
    locked.foreign_invested = foreign_invested
    locked.contact = contact.strip()
    locked.phone = phone.strip()
    changes = [
        f"{label} {before[f]} → {_shown(locked, f)}"
        for f, label in ENTERPRISE_FIELDS.items()
        if before[f] != _shown(locked, f)
    ]
    if not changes:
        return locked
    locked.save()
    if not Enterprise.objects.editable_by(actor).filter(pk=locked.pk).exists():
        raise PermissionDenied("修改后该企业将不在您的范围内")
    if moved:
        listed = Protection.objects.filter(enterprise=locked, status=Protection.Status.LISTED)
        for protection in listed.select_for_update():
            protection.unit = responsible_unit
            protection.save(update_fields=["unit"])  # through save: the row history records it
    record_event(
        actor=actor,
        verb="enterprise.updated",
        subject=locked,
        unit=responsible_unit,
        summary=f"修改企业 {locked.name} 登记信息:" + ";".join(changes),
    )
    return locked


@action
def change_enterprise_status(
    *, actor: User, enterprise: Enterprise, status: str, reason: str
) -> Enterprise:
    locked = Enterprise.objects.lock_for_change(actor, enterprise.pk, denied="不能修改该企业")
    if status not in Enterprise.Status.values:
        raise ValidationError({"status": "企业状态无效"})
    if not reason.strip():
        raise ValidationError({"reason": "请说明变更理由"})
    before = locked.status
    locked.status = status
    locked.save(update_fields=["status"])
    record_event(
        actor=actor,
        verb="enterprise.status_changed",
        subject=locked,
        unit=locked.responsible_unit,
        summary=f"{locked.name} 状态 {before} → {status}:{reason.strip()}",
    )
    return locked


# --- Protection (挂牌保护) ---------------------------------------------------------------------


def rule_applies(
    rule: ProtectionRule, *, enterprise: Enterprise | None, project: Project | None
) -> str:
    """Empty when ``rule`` makes the subject eligible, else the Chinese reason it does not."""
    if enterprise is not None:
        projects = Project.objects.filter(investor__uscc=enterprise.uscc)
    else:
        assert project is not None
        projects = Project.objects.filter(pk=project.pk)
    if rule.kind == ProtectionRule.Kind.KEY_PROJECT:
        return "" if projects.filter(is_key=True).exists() else "不是重点项目(或没有重点项目)"
    if rule.kind == ProtectionRule.Kind.INVESTMENT_ABOVE:
        total = projects.aggregate(t=Sum("planned_investment_yuan"))["t"] or Decimal(0)
        threshold = rule.threshold_yuan or Decimal(0)
        if total < threshold:
            return f"计划总投资 {total} 元,未达到 {threshold} 元的标准"
        return ""
    if rule.kind == ProtectionRule.Kind.FOREIGN_INVESTED:
        if enterprise is None or not enterprise.foreign_invested:
            return "不是外商投资企业"
        return ""
    return ""  # DECIDED: the reason text carries the decision


@action
def list_protection(
    *,
    actor: User,
    rule: ProtectionRule,
    reason: str,
    starts_on: date,
    ends_on: date,
    responsible_leader: str,
    contact_person: str,
    contact_phone: str,
    enterprise: Enterprise | None = None,
    project: Project | None = None,
) -> Protection:
    _require_bureau(actor, "只有招商局可以挂牌保护")
    errors: dict[str, str] = {}
    if (enterprise is None) == (project is None):
        errors["enterprise"] = "请选择一个企业或一个项目(二者选一)"
    if not rule.active:
        errors["rule"] = "该认定标准已停用"
    if not reason.strip():
        errors["reason"] = "请填写挂牌理由"
    if ends_on < starts_on:
        errors["ends_on"] = "保护截止日不能早于起始日"
    for field, value in (
        ("responsible_leader", responsible_leader),
        ("contact_person", contact_person),
        ("contact_phone", contact_phone),
    ):
        if not value.strip():
            errors[field] = "不能为空"
    if errors:
        raise ValidationError(errors)
    if enterprise is not None:
        if not Enterprise.objects.visible_to(actor).filter(pk=enterprise.pk).exists():
            raise PermissionDenied("该企业不在您的范围内")
        if enterprise.dissolved:
            raise ValidationError({"enterprise": "该企业已注销,不能挂牌保护"})
        unit = enterprise.responsible_unit
    else:
        assert project is not None
        if not Project.objects.visible_to(actor).filter(pk=project.pk).exists():
            raise PermissionDenied("该项目不在您的范围内")
        unit = project.lead_unit
    why_not = rule_applies(rule, enterprise=enterprise, project=project)
    if why_not:
        raise ValidationError({"rule": f"不符合“{rule.name}”:{why_not}"})
    overlapping = Protection.objects.filter(
        status=Protection.Status.LISTED,
        enterprise=enterprise,
        project=project,
        starts_on__lte=ends_on,
        ends_on__gte=starts_on,
    )
    if overlapping.exists():
        raise ValidationError({"starts_on": "该期间已在保护名单中,请用“续期”延长"})
    protection = Protection.objects.create(
        enterprise=enterprise,
        project=project,
        unit=unit,
        rule=rule,
        reason=reason.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        responsible_leader=responsible_leader.strip(),
        contact_person=contact_person.strip(),
        contact_phone=contact_phone.strip(),
    )
    record_event(
        actor=actor,
        verb="protection.listed",
        subject=protection,
        unit=unit,
        summary=f"挂牌保护 {protection.subject_name}({starts_on}–{ends_on}):{reason.strip()}",
    )
    return protection


@action
def renew_protection(
    *, actor: User, protection: Protection, ends_on: date, reason: str
) -> Protection:
    _require_bureau(actor, "只有招商局可以续期")
    locked = Protection.objects.lock_for_change(actor, protection.pk, denied="不能修改该挂牌")
    if locked.status != Protection.Status.LISTED:
        raise ValidationError({"ends_on": "已摘牌的不能续期"})
    if ends_on <= locked.ends_on:
        raise ValidationError({"ends_on": f"新的截止日应晚于 {locked.ends_on.isoformat()}"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写续期理由"})
    before = locked.ends_on
    locked.ends_on = ends_on
    locked.save(update_fields=["ends_on"])
    record_event(
        actor=actor,
        verb="protection.renewed",
        subject=locked,
        unit=locked.unit,
        summary=f"续期 {locked.subject_name}:{before} → {ends_on}:{reason.strip()}",
    )
    return locked


@action
def remove_protection(*, actor: User, protection: Protection, reason: str) -> Protection:
    _require_bureau(actor, "只有招商局可以摘牌")
    locked = Protection.objects.lock_for_change(actor, protection.pk, denied="不能修改该挂牌")
    if locked.status != Protection.Status.LISTED:
        raise ValidationError({"reason": "已经摘牌"})
    if not reason.strip():
        raise ValidationError({"reason": "请填写摘牌理由"})
    locked.status = Protection.Status.REMOVED
    locked.removed_reason = reason.strip()
    locked.save(update_fields=["status", "removed_reason"])
    record_event(
        actor=actor,
        verb="protection.removed",
        subject=locked,
        unit=locked.unit,
        summary=f"摘牌 {locked.subject_name}:{reason.strip()}",
    )
    return locked


def is_protected(enterprise: Enterprise, day: date) -> bool:
    """Listed itself, or one of its projects (investor USCC = enterprise USCC) is listed."""
    listed = Protection.objects.active_on(day)
    return (
        listed.filter(enterprise=enterprise).exists()
        or listed.filter(project__investor__uscc=enterprise.uscc).exists()
    )


# --- Inspection filing ----------------------------------------------------------------------


def _new_code() -> str:
    while True:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        code = f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"
        if not Filing.objects.filter(code=code).exists():
            return code


def normalize_code(raw: str) -> str:
    """What people type → the stored form (case, spaces and dashes forgiven)."""
    chars = "".join(ch for ch in raw.upper() if ch.isalnum())
    if len(chars) != CODE_LENGTH or any(ch not in CODE_ALPHABET for ch in chars):
        return ""
    return f"{chars[:4]}-{chars[4:8]}-{chars[8:]}"


def _filing_department(actor: User, department: Unit | None) -> Unit:
    """A department files only in its own name (admins may file for any unit)."""
    if not getattr(actor, "is_authenticated", False) or not isinstance(actor, User):
        raise PermissionDenied("请先登录")
    own = actor.unit if actor.role in UNIT_ROLES else None
    if actor.role == Role.ADMIN or actor.is_superuser:
        own = department
    if own is None or department is None or own.pk != department.pk:
        raise PermissionDenied("只能以本单位名义备案检查")
    if not actor.is_active:
        raise PermissionDenied("账号已停用")
    return own


def enterprise_by_uscc(actor: User, uscc: str) -> Enterprise:
    """The enterprise an inspector names by USCC, within the actor's district."""
    code = _uscc(uscc)
    district = actor.district_id if isinstance(actor, User) else None
    found = Enterprise.objects.filter(uscc=code)
    if not (actor.role == Role.ADMIN or actor.is_superuser):
        found = found.filter(responsible_unit__parent_id=district)
    enterprise = found.first()
    if enterprise is None:
        raise ValidationError({"uscc": f"本区企业名录中没有统一社会信用代码为 {code} 的企业"})
    return enterprise


def check(
    *,
    enterprise: Enterprise,
    department: Unit,
    kind: str,
    matter: str,
    legal_basis: str,
    items: str,
    inspectors: list[str],
    planned_date: date,
    today: date,
    exclude_pk: int | None = None,
) -> pure.Verdict:
    """The facts from the database, judged by the pure rules."""
    same = Filing.objects.filter(
        enterprise=enterprise,
        department=department,
        kind=Filing.Kind.ROUTINE,
        matter=matter.strip(),
        planned_date__year=planned_date.year,
        status__in=[Filing.Status.PENDING, Filing.Status.FILED],
    )
    if exclude_pk is not None:
        same = same.exclude(pk=exclude_pk)
    facts = pure.Facts(
        today=today,
        kind=kind,
        planned_date=planned_date,
        inspectors=len(inspectors),
        enterprise_dissolved=enterprise.dissolved,
        enterprise_protected=is_protected(enterprise, planned_date),
        routine_same_matter_this_year=same.count(),
        legal_basis=legal_basis,
        items=items,
        matter=matter,
    )
    return pure.check_filing(InspectionRules.current().as_rules(), load_calendar(), facts)


@action
def file_inspection(
    *,
    actor: User,
    department: Unit | None,
    enterprise: Enterprise,
    kind: str,
    matter: str,
    legal_basis: str,
    items: str,
    inspectors: list[str],
    planned_date: date,
    today: date | None = None,
) -> Filing:
    """File a planned inspection. Every broken rule is reported at once; nothing is written then.
    ``today`` is for the demo and tests (back-dated filings); pages and the API never pass it."""
    unit = _filing_department(actor, department)
    enterprise = Enterprise.objects.get(pk=enterprise.pk)  # the current status, not a stale copy
    names = [n.strip() for n in inspectors if n and n.strip()]
    day = _today(today)
    verdict = check(
        enterprise=enterprise,
        department=unit,
        kind=kind,
        matter=matter,
        legal_basis=legal_basis,
        items=items,
        inspectors=names,
        planned_date=planned_date,
        today=day,
    )
    if not verdict.ok:
        raise ValidationError(verdict.by_field())
    pending = verdict.needs_approval
    filing = Filing.objects.create(
        enterprise=enterprise,
        department=unit,
        kind=kind,
        matter=matter.strip(),
        legal_basis=legal_basis.strip(),
        items=items.strip(),
        inspectors=names,
        planned_date=planned_date,
        status=Filing.Status.PENDING if pending else Filing.Status.FILED,
        needs_approval=pending,
        code=None if pending else _new_code(),
        filed_by=actor,
        filed_on=day,
    )
    record_event(
        actor=actor,
        verb="inspection.filed",
        subject=filing,
        unit=unit,
        summary=f"{unit.name} 备案检查 {enterprise.name}({filing.get_kind_display()},"
        f"{planned_date.isoformat()})" + ("，待招商局审批" if pending else ""),
    )
    return filing


def _lock_pending(actor: User, filing: Filing) -> Filing:
    _require_bureau(actor, "只有招商局可以审批挂牌保护企业的检查")
    locked: Filing = Filing.objects.lock_for_change(actor, filing.pk, denied="不能审批该备案")
    if locked.status != Filing.Status.PENDING:
        raise ValidationError({"status": f"该备案当前为“{locked.get_status_display()}”,无需审批"})
    return locked


@action
def approve_filing(*, actor: User, filing: Filing, note: str = "") -> Filing:
    locked = _lock_pending(actor, filing)
    locked.status = Filing.Status.FILED
    locked.decided_by = actor
    locked.decision_note = note.strip()
    locked.code = _new_code()
    locked.save(update_fields=["status", "decided_by", "decision_note", "code"])
    record_event(
        actor=actor,
        verb="inspection.approved",
        subject=locked,
        unit=locked.department,
        summary=f"同意 {locked.department.name} 检查挂牌保护企业 {locked.enterprise.name}",
    )
    return locked


@action
def refuse_filing(*, actor: User, filing: Filing, note: str) -> Filing:
    locked = _lock_pending(actor, filing)
    if not note.strip():
        raise ValidationError({"note": "不予同意须说明理由"})
    locked.status = Filing.Status.REFUSED
    locked.decided_by = actor
    locked.decision_note = note.strip()
    locked.save(update_fields=["status", "decided_by", "decision_note"])
    record_event(
        actor=actor,
        verb="inspection.refused",
        subject=locked,
        unit=locked.department,
        summary=f"不同意 {locked.department.name} 检查 {locked.enterprise.name}:{note.strip()}",
    )
    return locked


@action
def merge_filings(
    *, actor: User, filings: list[Filing], visit_date: date, lead_department: Unit
) -> JointVisit:
    """综合查一次: accepted plans of two or more departments for one enterprise in one month
    become one joint visit on ``visit_date`` (in that month)."""
    _require_bureau(actor, "只有招商局可以合并检查")
    locked = [Filing.objects.lock_for_change(actor, f.pk, denied="不能合并该备案") for f in filings]
    errors: list[str] = []
    if len({f.department_id for f in locked}) < 2:
        errors.append("至少需要两个部门的检查计划才能合并")
    if len({f.enterprise_id for f in locked}) != 1:
        errors.append("只能合并对同一企业的检查计划")
    if len({(f.planned_date.year, f.planned_date.month) for f in locked}) != 1:
        errors.append("只能合并同一月份的检查计划")
    if any(f.status != Filing.Status.FILED for f in locked):
        errors.append("只能合并已备案的检查计划")
    if any(f.joint_visit_id for f in locked):
        errors.append("其中有检查计划已合并")
    if locked and (visit_date.year, visit_date.month) != (
        locked[0].planned_date.year,
        locked[0].planned_date.month,
    ):
        errors.append("联合检查日期应在原计划的月份内")
    if any(f.kind == Filing.Kind.ROUTINE for f in locked) and pure.in_quiet_days(
        InspectionRules.current().as_rules(), visit_date
    ):
        errors.append("联合检查包含日常检查,不能安排在企业安静期内")
    if lead_department.pk not in {f.department_id for f in locked}:
        errors.append("牵头部门应是参与合并的部门之一")
    if errors:
        raise ValidationError({"filings": errors})
    visit = JointVisit.objects.create(
        enterprise=locked[0].enterprise,
        visit_date=visit_date,
        lead_department=lead_department,
        created_by=actor,
    )
    for f in locked:
        f.joint_visit = visit
        f.planned_date = visit_date
        f.save(update_fields=["joint_visit", "planned_date"])
    record_event(
        actor=actor,
        verb="inspection.merged",
        subject=visit,
        unit=lead_department,
        summary=f"{visit.enterprise.name} 综合查一次:{len(locked)} 个部门,"
        f"{visit_date.isoformat()},{lead_department.name} 牵头",
    )
    return visit


# --- The public: verification, rating, unfiled reports --------------------------------------


def verify(code: str) -> Filing | None:
    """The accepted filing with this code, or None (wrong, pending, refused: all the same)."""
    normal = normalize_code(code)
    if not normal:
        return None
    return (
        Filing.objects.select_related("department", "enterprise", "joint_visit")
        .filter(code=normal, status=Filing.Status.FILED)
        .first()
    )


@action
def rate_visit(*, actor: Any, code: str, score: int, comment: str = "") -> Rating:
    """Anyone holding the code may rate the visit, once. ``actor`` is the public (anonymous)."""
    filing = verify(code)
    if filing is None:
        raise ValidationError({"code": "核验码无效"})
    if score not in range(1, 6):
        raise ValidationError({"score": "请选择 1–5 分"})
    if Rating.objects.filter(filing=filing).exists():
        raise ValidationError({"code": "该次检查已评价,不能重复评价"})
    rating = Rating.objects.create(filing=filing, score=score, comment=comment.strip()[:500])
    record_event(
        actor=actor,
        verb="inspection.rated",
        subject=filing,
        unit=filing.department,
        summary=f"企业评价 {filing.department.name} 的检查:{score} 分",
    )
    return rating


def _chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _open_case(report: UnfiledReport) -> None:
    """The report becomes a complaint to the district's bureau (which supervises departments),
    so the enterprise can follow it with a tracking code — when the contact holds a phone number
    the tracking can use; otherwise the report stays for the bureau's monthly statistics."""
    phone = "".join(ch for ch in report.contact if ch.isdigit() or ch == "-").strip("-")
    if not 7 <= len(phone.replace("-", "")) <= 15:
        return
    bureau = Unit.objects.filter(
        parent_id=report.department.parent_id, is_bureau=True, active=True
    ).first()
    if bureau is None:
        return
    name = "".join(ch for ch in report.contact if not (ch.isdigit() or ch == "-")).strip()
    case = casework_actions.submit_case(
        unit=bureau,
        enterprise_name=report.enterprise_name,
        uscc=report.uscc,
        contact=name or report.enterprise_name,
        phone=phone,
        category="complaint",
        title=f"反映{report.department.name}未备案检查",
        description=f"检查日期:{_chinese_date(report.happened_on)}。{report.description}",
    )
    report.case_ref = case.code
    report.save(update_fields=["case_ref"])


@action
def report_unfiled(
    *,
    actor: Any,
    enterprise_name: str,
    department: Unit | None,
    happened_on: date,
    description: str,
    contact: str,
    uscc: str = "",
    today: date | None = None,
) -> UnfiledReport:
    errors: dict[str, str] = {}
    code = ""
    if uscc.strip():
        try:
            code = normalize_uscc(uscc)
        except USCCError as exc:
            errors["uscc"] = str(exc)
    if not enterprise_name.strip():
        errors["enterprise_name"] = "请填写企业名称"
    if department is None or department.kind != Unit.Kind.UNIT:
        errors["department"] = "请选择检查部门"
    if happened_on > _today(today):
        errors["happened_on"] = "检查日期不能晚于今天"
    if not description.strip():
        errors["description"] = "请说明检查情况"
    if not contact.strip():
        errors["contact"] = "请留下联系人及电话"
    if errors:
        raise ValidationError(errors)
    assert department is not None
    report = UnfiledReport.objects.create(
        enterprise_name=enterprise_name.strip(),
        uscc=code,
        enterprise=Enterprise.objects.filter(uscc=code).first() if code else None,
        department=department,
        happened_on=happened_on,
        description=description.strip(),
        contact=contact.strip(),
    )
    _open_case(report)
    record_event(
        actor=actor,
        verb="inspection.unfiled_reported",
        subject=report,
        unit=department,
        summary=f"{report.enterprise_name} 反映 {department.name} 未备案检查",
    )
    return report
