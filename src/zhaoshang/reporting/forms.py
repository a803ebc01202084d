"""Forms of the reporting pages. Amounts are typed in 万元 and converted here to Decimal yuan,
which is what the actions take. Every message names the row and the field, in Chinese."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from zhaoshang.core.money import WAN, AmountError, parse_amount, strip_zeros
from zhaoshang.projects.models import Stage, is_backwards
from zhaoshang.reporting.actions import LineInput
from zhaoshang.reporting.models import ReturnLine

# Inputs on screen (万元) → the line's field (元), with the label shown in messages.
WAN_INPUTS = {
    "funds_within_province": ("funds_within_province_yuan", _("市外省内到位资金(万元)")),
    "funds_outside_province": ("funds_outside_province_yuan", _("省外到位资金(万元)")),
    "funds_abroad": ("funds_abroad_yuan", _("境外到位资金(万元)")),
    "investment_completed": ("investment_completed_yuan", _("本月完成投资(万元)")),
}
TEXT_INPUTS = {"stage_reason": _("阶段变更说明"), "note": _("备注")}
MAX_YUAN = Decimal(10) ** 16
CENT = Decimal("0.01")
_KEY_RE = re.compile(r"^p(\d+)-([a-z_]+)$")


def wan_text(yuan: Decimal) -> str:
    """A stored yuan amount as typed on screen in 万元 (exact; empty for zero)."""
    return "" if not yuan else strip_zeros(yuan / WAN)


def error_list(exc: ValidationError) -> list[str]:
    """An action's error as plain sentences (they already say which field)."""
    return [str(m) for m in exc.messages]


def form_errors(form: forms.Form) -> list[str]:
    """A Django form's errors, each prefixed with the field's label."""
    out: list[str] = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for error in errors:
            out.append(f"{label}:{error}" if label else str(error))
    return out


@dataclass
class ReturnEntry:
    """What was posted for a return: the line inputs for the action, and errors per input."""

    lines: list[LineInput] = field(default_factory=list)
    note: str | None = None
    errors: list[str] = field(default_factory=list)
    field_errors: dict[str, str] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    def add(self, key: str, message: str) -> None:
        """Record an error: in full in the list on top, and without the row and field (which
        the cell already shows) next to the input."""
        self.field_errors.setdefault(key, message.split(":", 1)[-1])
        self.errors.append(message)


def _wan_to_yuan(raw: str, label: str) -> Decimal:
    value = parse_amount(raw, field=label)
    yuan = value * WAN
    if yuan != yuan.quantize(CENT):
        raise AmountError(f"{label}:以万元为单位最多保留6位小数(收到 “{raw}”)")
    if yuan >= MAX_YUAN:
        raise AmountError(f"{label}:数额过大(收到 “{raw}”)")
    return yuan.quantize(CENT)


def parse_return(data: Any, lines: list[ReturnLine], *, amounts_only: bool = False) -> ReturnEntry:
    """Read inputs named ``p<project id>-<field>``. Rows are numbered as on screen; a project id
    that is not a line of this return is passed on so the action refuses it by name."""
    entry = ReturnEntry(raw={k: str(v) for k, v in data.items()})
    posted: dict[int, dict[str, str]] = {}
    for key in data:
        match = _KEY_RE.match(key)
        if match:
            posted.setdefault(int(match.group(1)), {})[match.group(2)] = data.get(key, "")
    known = {line.project_id for line in lines}
    for number, line in enumerate(lines, start=1):
        if line.project_id in posted:
            entry.lines.append(
                _parse_line(entry, number, line, posted[line.project_id], amounts_only)
            )
    for project_id, values in posted.items():
        if project_id not in known:
            entry.lines.append(LineInput(project_id=project_id, values=dict(values)))
    if not amounts_only and "note" in data:
        entry.note = str(data.get("note", "")).strip()
        if len(entry.note) > 2000:
            entry.add("note", "情况说明:不能超过2000个字")
    return entry


def _parse_line(
    entry: ReturnEntry, number: int, line: ReturnLine, values: dict[str, str], amounts_only: bool
) -> LineInput:
    where = f"第{number}行({line.project.name})"
    cleaned: dict[str, Any] = {}
    for name, (target, label) in WAN_INPUTS.items():
        if name not in values:
            continue
        raw = values[name].strip()
        try:
            cleaned[target] = _wan_to_yuan(raw, f"{where}{label}") if raw else Decimal(0)
        except AmountError as exc:
            entry.add(f"p{line.project_id}-{name}", str(exc))
    if amounts_only:
        return LineInput(project_id=line.project_id, values=cleaned)
    stage = values.get("stage", line.stage) or line.stage
    if stage not in Stage.values:
        entry.add(f"p{line.project_id}-stage", f"{where}月末阶段:“{stage}”不是有效阶段")
    else:
        cleaned["stage"] = stage
    raw_date = values.get("stage_date", "").strip()
    if raw_date:
        try:
            cleaned["stage_date"] = date.fromisoformat(raw_date)
        except ValueError:
            entry.add(
                f"p{line.project_id}-stage_date",
                f"{where}阶段变更日期:“{raw_date}”不是有效日期(如 2026-03-05)",
            )
    elif "stage_date" in values:
        cleaned["stage_date"] = None
    for name, label in TEXT_INPUTS.items():
        if name in values:
            text = values[name].strip()
            if len(text) > 255:
                entry.add(f"p{line.project_id}-{name}", f"{where}{label}:不能超过255个字")
            cleaned[name] = text
    project_stage = line.project.stage
    if (
        cleaned.get("stage", project_stage) != project_stage
        and is_backwards(project_stage, cleaned["stage"])
        and not cleaned.get("stage_reason", line.stage_reason).strip()
    ):
        entry.add(
            f"p{line.project_id}-stage_reason",
            f"{where}阶段变更说明:阶段由“{Stage(project_stage).label}”退回"
            f"“{Stage(cleaned['stage']).label}”,必须说明理由",
        )
    return LineInput(project_id=line.project_id, values=cleaned)


class OpenPeriodForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
    month = forms.IntegerField(label=_("月份"), min_value=1, max_value=12)
    deadline = forms.DateField(label=_("截止日期"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        year, month, deadline = data.get("year"), data.get("month"), data.get("deadline")
        if year and month and deadline and (deadline.year, deadline.month) < (year, month):
            self.add_error("deadline", _("截止日期不能早于所报月份"))
        return data


class CityRankForm(forms.Form):
    city_rank = forms.IntegerField(label=_("全市排名"), min_value=1, max_value=999, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), max_length=255)

    def __init__(self, *args: Any, label: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


class BoardFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("状态"), required=False)
    group = forms.CharField(label=_("分组"), required=False)
    late = forms.BooleanField(label=_("只看逾期"), required=False)

    def __init__(self, *args: Any, statuses: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("全部状态")), *statuses]


@dataclass
class Cell:
    name: str
    value: str
    error: str = ""
    previous: str = ""


@dataclass
class Row:
    number: int
    line: ReturnLine
    cells: dict[str, Cell]
    previous_stage: str = ""


def return_rows(views: list[Any], entry: ReturnEntry | None = None) -> list[Row]:
    """Rows for the return table: each input's value (what was posted, when re-showing errors,
    else what is saved; amounts in 万元), its error, and last month's figure for reference."""
    rows: list[Row] = []
    for number, view in enumerate(views, start=1):
        line: ReturnLine = view.line
        prev: ReturnLine | None = view.previous
        cells: dict[str, Cell] = {}
        saved: dict[str, str] = {
            name: wan_text(getattr(line, target)) for name, (target, _label) in WAN_INPUTS.items()
        }
        saved.update(
            stage=line.stage,
            stage_date=line.stage_date.isoformat() if line.stage_date else "",
            stage_reason=line.stage_reason,
            note=line.note,
        )
        for name, value in saved.items():
            key = f"p{line.project_id}-{name}"
            shown = entry.raw.get(key, value) if entry else value
            previous = ""
            if prev is not None and name in WAN_INPUTS:
                previous = wan_text(getattr(prev, WAN_INPUTS[name][0])) or "0"
            cells[name] = Cell(
                name=key,
                value=shown,
                error=entry.field_errors.get(key, "") if entry else "",
                previous=previous,
            )
        rows.append(
            Row(
                number=number,
                line=line,
                cells=cells,
                previous_stage=prev.get_stage_display() if prev else "",
            )
        )
    return rows
