"""The targets of a year as a workbook, scoped by Target.objects.visible_to; and reading it back.

Money indicators are shown in 万元 (万美元 for USD), as on the target forms. Uploading (bureau
only) never overwrites a target: a new target gets its baseline (托底数, version 1) through
``targets.actions.set_baseline``, a changed value becomes a new version (调指标) through
``targets.actions.adjust_target`` and needs a reason in the column “调整理由”."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from zhaoshang.core.money import WAN, strip_zeros
from zhaoshang.org.models import User
from zhaoshang.spreadsheets.sheets import BookError, code_text, locate_columns, shown, wan_text
from zhaoshang.spreadsheets.sheets import where as where_
from zhaoshang.targets.forms import WAN_MEASURES, AdjustForm, BaselineForm
from zhaoshang.targets.models import Indicator, Issuer, Measure, Target
from zhaoshang.targets.queries import baseline_units

SHEET = "目标"
GUIDE = "填表说明"
HEADERS = [
    "单位代码",
    "单位",
    "指标",
    "下达方",
    "年度",
    "当前目标",
    "计量单位",
    "指标代码",
    "调整理由",
]
REQUIRED = ["单位代码", "下达方", "年度", "当前目标", "指标代码"]
ISSUER_BY_LABEL = {str(label): value for value, label in Issuer.choices}
GUIDE_LINES = [
    "填表说明(目标)",
    "1. 按“单位代码 + 指标代码 + 下达方 + 年度”识别目标;单位、指标名称和计量单位列仅供阅读。",
    "2. 金额类指标以万元(美元指标以万美元)填写,个数类指标填个数。",
    "3. 目标从不被覆盖:新目标记为托底数;已有目标的数值改变即为一次调指标,须在“调整理由”列说明。",
    "4. 只有招商局可以上传;上传后先预检,确认后才保存;有任何错误则全部不保存。",
]


def _unit_label(indicator: Indicator) -> str:
    if indicator.measure == Measure.YUAN:
        return "万元"
    if indicator.measure == Measure.USD:
        return "万美元"
    return str(indicator.get_measure_display())


def _shown_value(value: Decimal, indicator: Indicator) -> Decimal:
    return value / WAN if indicator.measure in WAN_MEASURES else value


def write_targets(user: Any, year: int) -> bytes:
    targets = (
        Target.objects.visible_to(user)
        .filter(year=year)
        .select_related("unit", "indicator")
        .order_by("unit__code", "indicator__code", "issuer")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for t in targets:
        ws.append(
            [
                t.unit.code,
                t.unit.name,
                t.indicator.name,
                t.get_issuer_display(),
                t.year,
                float(strip_zeros(_shown_value(t.current_value, t.indicator))),
                _unit_label(t.indicator),
                t.indicator.code,
                "",
            ]
        )
        ws.cell(row=ws.max_row, column=1).number_format = "@"
        ws.cell(row=ws.max_row, column=6).number_format = "#,##0.00####"
    for col, width in zip("ABCDEFGHI", [10, 16, 22, 8, 8, 14, 8, 18, 30], strict=True):
        ws.column_dimensions[col].width = width
    guide = wb.create_sheet(GUIDE)
    for i, text in enumerate(GUIDE_LINES, start=1):
        guide.cell(row=i, column=1, value=text)
    guide.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class TargetRow:
    row: int
    label: str
    kwargs: dict[str, Any]
    target: Target | None = None
    changed: bool = False


@dataclass
class TargetPlan:
    rows: list[TargetRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


FORM_COLUMN = {"unit": "单位代码", "value": "当前目标", "reason": "调整理由"}


def plan_targets(actor: User, rows: list[list[Any]], today: date) -> TargetPlan:
    """Each row through BaselineForm (new target) or AdjustForm (registered one)."""
    plan = TargetPlan()
    if not rows:
        raise BookError(f"工作表“{SHEET}”是空的,请使用系统下载的模板")
    cols = locate_columns(SHEET, list(rows[0]), REQUIRED, optional=("调整理由",))
    units = baseline_units(actor)
    unit_by_code = {u.code: u for u in units}
    indicators = {i.code: i for i in Indicator.objects.all()}
    seen: dict[tuple[Any, ...], int] = {}
    width = max(cols.values()) + 1

    for r, cells in enumerate(rows[1:], start=2):
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        if all(c is None or c == "" for c in cells):
            continue
        raw = {h: cells[i] for h, i in cols.items()}
        errors: list[str] = []

        def fail(
            header: str,
            message: str,
            *,
            r: int = r,
            raw: dict[str, Any] = raw,
            out: list[str] = errors,
        ) -> None:
            out.append(f"{where_(SHEET, r, cols[header] + 1, header, raw.get(header))}:{message}")

        indicator = indicators.get(code_text(raw["指标代码"]))
        if indicator is None:
            fail("指标代码", "指标不存在,请使用系统下载的模板")
        issuer_text = shown(raw["下达方"]).strip()
        issuer = ISSUER_BY_LABEL.get(issuer_text, issuer_text)
        if issuer not in Issuer.values:
            fail("下达方", "应为区定、市定或省定")
        try:
            year = int(Decimal(shown(raw["年度"]).strip()))
            if not 2000 <= year <= 2100:
                raise ValueError
        except (ArithmeticError, ValueError):
            fail("年度", "不是有效的年度")
            year = 0
        unit = unit_by_code.get(code_text(raw["单位代码"]))
        if unit is None:
            fail("单位代码", "单位不存在或不在您的县区")
        if errors or indicator is None or unit is None:
            plan.errors.extend(errors)
            continue
        key = (unit.pk, indicator.pk, issuer, year)
        if key in seen:
            fail("单位代码", f"与第{seen[key]}行是同一目标")
            plan.errors.extend(errors)
            continue
        seen[key] = r
        data = {
            "unit": str(unit.pk),
            "value": wan_text(raw["当前目标"], Decimal(1)),
            "reason": shown(raw.get("调整理由")).strip(),
        }
        target = Target.objects.filter(
            indicator=indicator, issuer=issuer, year=year, unit=unit
        ).first()
        label = f"{unit.name} {year}年 {indicator.name}({Issuer(issuer).label})"
        if target is None:
            form: Any = BaselineForm(data, indicator=indicator, units=units)
        else:
            form = AdjustForm(data, indicator=indicator)
        if not form.is_valid():
            for name, messages in form.errors.items():
                if target is not None and name == "reason":
                    continue  # a reason is needed only when the value changes (below)
                for message in messages:
                    fail(FORM_COLUMN.get(name, "当前目标"), message)
            if errors:
                plan.errors.extend(errors)
                continue
        if target is None:
            plan.rows.append(
                TargetRow(
                    r,
                    label,
                    {
                        "indicator": indicator,
                        "issuer": issuer,
                        "year": year,
                        "unit": unit,
                        "value": form.cleaned_data["value"],
                        "reason": form.cleaned_data["reason"] or "年初下达",
                    },
                )
            )
            continue
        value = form.cleaned_data["value"]
        if value == target.current_value:
            plan.rows.append(TargetRow(r, label, {}, target=target))
            continue
        if not data["reason"]:
            fail("当前目标", "目标值有变化,须在“调整理由”列说明理由(调指标)")
            plan.errors.extend(errors)
            continue
        plan.rows.append(
            TargetRow(
                r,
                label,
                {"value": value, "reason": form.cleaned_data["reason"]},
                target=target,
                changed=True,
            )
        )
    return plan
