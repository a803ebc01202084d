"""Every change in the trade app: figures (entry and correction add versions), trade profiles,
foreign-invested enterprises, the yuan rate. Keyword-only, explicit actor, one transaction, the
bureau's scope re-checked, an event written. Errors: ``ValidationError`` keyed by field (Chinese)
and ``PermissionDenied``."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max

from zhaoshang.core.actions import action
from zhaoshang.core.events import record_event
from zhaoshang.core.money import AmountError, parse_amount
from zhaoshang.core.permissions import is_bureau
from zhaoshang.inspections.models import Enterprise
from zhaoshang.org.models import User
from zhaoshang.trade import figures as pure
from zhaoshang.trade.models import (
    MONEY,
    ForeignInvestment,
    Source,
    TradeFigure,
    TradeProfile,
    UsdRate,
)

DENIED = "只有招商局(商务)工作人员可以录入和更正本区企业的外贸外资数据"


def _require_bureau_for(actor: Any, enterprise: Enterprise) -> Enterprise:
    """The enterprise, locked, if the actor is bureau staff of its district."""
    if not is_bureau(actor):
        raise PermissionDenied(DENIED)
    return Enterprise.objects.lock_for_change(actor, enterprise.pk, denied=DENIED)  # type: ignore[no-any-return]


def usd_problem(number: Decimal, label: str) -> str | None:
    """Why an amount in US dollars cannot be recorded (more than 2 decimals, or more digits than
    the column holds), or None."""
    whole_digits = MONEY["max_digits"] - MONEY["decimal_places"]
    if number.is_finite() and number != 0 and number.adjusted() >= whole_digits:
        return f"{label}超出可记录的范围(最多{whole_digits}位整数,收到 {number})"
    if number.is_finite() and number != number.quantize(
        Decimal(1).scaleb(-MONEY["decimal_places"])
    ):
        return f"{label}最多保留{MONEY['decimal_places']}位小数(收到 {number})"
    return None


def _usd(value: Any, field: str, label: str) -> Decimal:
    if isinstance(value, str) and ("¥" in value or "￥" in value or "元" in value):
        raise ValidationError({field: f"{label}以美元计,不能带人民币符号或“元”(收到“{value}”)"})
    if isinstance(value, str) and value.strip().startswith("-"):
        raise ValidationError({field: f"{label}不能为负数(收到“{value}”)"})
    if isinstance(value, (int, Decimal)) and value < 0:
        raise ValidationError({field: f"{label}不能为负数(收到 {value})"})
    try:
        number = parse_amount(value, field=label)
    except AmountError as exc:
        raise ValidationError({field: str(exc)}) from exc
    problem = usd_problem(number, label)
    if problem:
        raise ValidationError({field: problem})
    return number


def clean_amounts(imports: Any, exports: Any, total: Any = None) -> tuple[Decimal, Decimal]:
    """Imports and exports as Decimal US dollars; a total, when given, must be their sum."""
    errors: dict[str, str] = {}
    values: dict[str, Decimal] = {}
    for field, label, raw in (
        ("imports_usd", "进口额(美元)", imports),
        ("exports_usd", "出口额(美元)", exports),
    ):
        try:
            values[field] = _usd(raw, field, label)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    given_total: Decimal | None = None
    if total not in (None, ""):
        try:
            given_total = _usd(total, "total_usd", "进出口总额(美元)")
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    problem = pure.total_error(values["imports_usd"], values["exports_usd"], given_total)
    if problem:
        raise ValidationError({"total_usd": problem})
    return values["imports_usd"], values["exports_usd"]


def _period(year: int, month: int) -> None:
    if not 1 <= month <= 12:
        raise ValidationError({"month": f"月份应在1至12之间(收到 {month})"})
    if not 2000 <= year <= 2100:
        raise ValidationError({"year": f"年份无效(收到 {year})"})


def _refresh_current(enterprise: Enterprise, year: int, month: int) -> TradeFigure:
    versions = list(TradeFigure.objects.filter(enterprise=enterprise, year=year, month=month))
    best = versions[0]
    for item in versions[1:]:
        if pure.outranks(item.source, item.version, best.source, best.version):
            best = item
    TradeFigure.objects.filter(enterprise=enterprise, year=year, month=month).exclude(
        pk=best.pk
    ).update(is_current=False)
    if not best.is_current:
        TradeFigure.objects.filter(pk=best.pk).update(is_current=True)
        best.is_current = True
    return best


@action
def record_figure(
    *,
    actor: User,
    enterprise: Enterprise,
    year: int,
    month: int,
    source: str,
    imports_usd: Any,
    exports_usd: Any,
    total_usd: Any = None,
    reason: str = "",
) -> TradeFigure:
    """Add a version of an enterprise's monthly figure. The figure that counts is the highest
    source (customs final > customs flash > unit report), then the latest; nothing is deleted.
    The same values again from the same source add nothing (imports are idempotent)."""
    locked = _require_bureau_for(actor, enterprise)
    _period(year, month)
    if source not in Source.values:
        raise ValidationError({"source": "数据来源无效(应为海关终值、海关快报或单位报送)"})
    imports, exports = clean_amounts(imports_usd, exports_usd, total_usd)
    existing = TradeFigure.objects.filter(enterprise=locked, year=year, month=month)
    same_source = existing.filter(source=source).order_by("-version").first()
    if (
        same_source is not None
        and same_source.imports_usd == imports
        and same_source.exports_usd == exports
    ):
        return same_source
    current = existing.filter(is_current=True).first()
    number = (existing.aggregate(m=Max("version"))["m"] or 0) + 1
    figure = TradeFigure.objects.create(
        enterprise=locked,
        year=year,
        month=month,
        source=source,
        version=number,
        imports_usd=imports,
        exports_usd=exports,
        total_usd=imports + exports,
        is_current=False,
        reason=reason.strip()[:255],
        author=actor,
    )
    now = _refresh_current(locked, year, month)
    figure.is_current = now.pk == figure.pk
    label = Source(source).label
    if current is None:
        verb, summary = "trade.figure_recorded", f"录入{locked.name}{year}年{month}月进出口数据"
    else:
        verb = "trade.figure_corrected"
        summary = (
            f"更正{locked.name}{year}年{month}月进出口数据:"
            f"{pure.wan_usd(current.total_usd)}→{pure.wan_usd(now.total_usd)}万美元"
        )
    record_event(
        actor=actor,
        verb=verb,
        subject=figure,
        unit=locked.responsible_unit,
        summary=f"{summary}({label} v{number})",
        data={
            "year": year,
            "month": month,
            "source": source,
            "version": number,
            "total_usd": str(figure.total_usd),
            "current_total_usd": str(now.total_usd),
            "reason": figure.reason,
        },
    )
    return figure


@action
def set_trade_profile(
    *,
    actor: User,
    enterprise: Enterprise,
    customs_code: str = "",
    export_rights_on: date | None = None,
) -> TradeProfile:
    locked = _require_bureau_for(actor, enterprise)
    code = (customs_code or "").strip().upper()
    if code and (len(code) != 10 or not code.isalnum()):
        raise ValidationError({"customs_code": f"海关编码应为10位字母或数字(收到“{customs_code}”)"})
    if code and TradeProfile.objects.filter(customs_code=code).exclude(enterprise=locked).exists():
        raise ValidationError({"customs_code": f"海关编码 {code} 已属于其他企业"})
    profile, created = TradeProfile.objects.get_or_create(enterprise=locked)
    profile.customs_code = code or None
    profile.export_rights_on = export_rights_on
    profile.save()
    record_event(
        actor=actor,
        verb="trade.profile_set",
        subject=profile,
        unit=locked.responsible_unit,
        summary=f"{'登记' if created else '修改'}{locked.name}外贸信息(海关编码 {code or '—'})",
    )
    return profile


@action
def register_foreign_investment(
    *,
    actor: User,
    enterprise: Enterprise,
    established_on: date,
    investor_region: str,
    approved_on: date | None = None,
    contracted_usd: Any = 0,
    used_usd: Any = 0,
) -> ForeignInvestment:
    """Record (or update) an enterprise as foreign-invested; the register's flag follows."""
    locked = _require_bureau_for(actor, enterprise)
    errors: dict[str, str] = {}
    if not investor_region.strip():
        errors["investor_region"] = "请填写投资方国别(地区)"
    if established_on is None:
        errors["established_on"] = "请填写设立日期"
    amounts: dict[str, Decimal] = {}
    for field, label, raw in (
        ("contracted_usd", "合同外资(美元)", contracted_usd),
        ("used_usd", "实际使用外资(美元)", used_usd),
    ):
        try:
            amounts[field] = _usd(raw, field, label)
        except ValidationError as exc:
            errors.update({k: v[0] for k, v in exc.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    fie, created = ForeignInvestment.objects.update_or_create(
        enterprise=locked,
        defaults={
            "established_on": established_on,
            "approved_on": approved_on,
            "investor_region": investor_region.strip(),
            **amounts,
        },
    )
    if not locked.foreign_invested:
        locked.foreign_invested = True
        locked.save(update_fields=["foreign_invested"])
    record_event(
        actor=actor,
        verb="trade.fie_registered" if created else "trade.fie_changed",
        subject=fie,
        unit=locked.responsible_unit,
        summary=f"{'登记' if created else '修改'}外商投资企业 {locked.name}({fie.investor_region})",
    )
    return fie


@action
def set_usd_rate(*, actor: User, year: int, yuan_per_usd: Any, note: str = "") -> UsdRate:
    if not is_bureau(actor):
        raise PermissionDenied("只有招商局可以设置美元折算汇率")
    try:
        rate = parse_amount(yuan_per_usd, field="汇率")
    except AmountError as exc:
        raise ValidationError({"yuan_per_usd": str(exc)}) from exc
    if rate <= 0:
        raise ValidationError({"yuan_per_usd": "汇率必须大于零"})
    item, _ = UsdRate.objects.update_or_create(
        year=year, defaults={"yuan_per_usd": rate, "note": note.strip()}
    )
    record_event(
        actor=actor,
        verb="trade.rate_set",
        subject=item,
        summary=f"{year}年美元折算汇率 {rate}",
    )
    return item
