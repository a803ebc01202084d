"""The monthly return as a workbook: written with openpyxl, read back with python-calamine.

Sheet "月报" has one row per project of the return, in the order of the web page. Column A holds
the project id (hidden, locked): it is the key. Amounts are in 万元 as on the web form; the
values read back go through reporting.forms.parse_return, the very rules of the web form."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from zhaoshang.core.money import WAN, strip_zeros
from zhaoshang.projects.models import Stage
from zhaoshang.reporting.forms import parse_return
from zhaoshang.reporting.models import ReturnLine, UnitReturn

SHEET = "月报"
GUIDE = "填表说明"
HEADER_ROWS = 2  # row 1: title and key, row 2: column headers
# (field key in reporting.forms, header, kind)
COLUMNS = [
    ("id", "项目ID(勿改)", "key"),
    ("code", "项目编号", "info"),
    ("name", "项目名称", "info"),
    ("uscc", "投资方统一社会信用代码", "info"),
    ("last_funds", "上月到位资金合计(万元)", "info"),
    ("stage", "月末阶段", "stage"),
    ("stage_date", "阶段变更日期", "date"),
    ("funds_within_province", "市外省内到位资金(万元)", "wan"),
    ("funds_outside_province", "省外到位资金(万元)", "wan"),
    ("funds_abroad", "境外到位资金(万元)", "wan"),
    ("investment_completed", "本月完成投资(万元)", "wan"),
    ("stage_reason", "阶段变更说明", "text"),
    ("note", "备注", "text"),
]
STAGE_BY_LABEL = {str(label): value for value, label in Stage.choices}
DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y%m%d"]
EXCEL_EPOCH = date(1899, 12, 30)
PASSWORD = "zhaoshang"


def _wan(yuan: Decimal) -> Decimal | None:
    return None if not yuan else Decimal(strip_zeros(yuan / WAN))


def key_of(unit_return: UnitReturn) -> str:
    return f"{unit_return.unit.code}|{unit_return.period.year}-{unit_return.period.month:02d}"


def write_return(unit_return: UnitReturn, last: dict[int, Decimal]) -> bytes:
    """The workbook for a return; ``last`` maps project id → last month's funds in yuan."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws["A1"] = key_of(unit_return)
    ws["B1"] = f"{unit_return.unit.name} {unit_return.period}招商引资月报"
    ws["B1"].font = Font(bold=True, size=13)
    bold = Font(bold=True)
    grey = PatternFill("solid", fgColor="EEEEEE")
    for col, (_key, header, _kind) in enumerate(COLUMNS, start=1):
        cell = ws.cell(row=2, column=col, value=header)
        cell.font = bold
        cell.fill = grey
        ws.column_dimensions[get_column_letter(col)].width = 16 if col > 3 else 22
    stages = DataValidation(
        type="list", formula1='"' + ",".join(str(label) for _v, label in Stage.choices) + '"'
    )
    stages.error = "请从下拉列表中选择阶段"
    ws.add_data_validation(stages)
    lines = unit_return.lines.select_related("project__investor").order_by("project__code")
    for row, line in enumerate(lines, start=HEADER_ROWS + 1):
        values = {
            "id": line.project_id,
            "code": line.project.code,
            "name": line.project.name,
            "uscc": line.project.investor.uscc if line.project.investor_id else "",
            "last_funds": _wan(last.get(line.project_id, Decimal(0))) or 0,
            "stage": str(Stage(line.stage).label),
            "stage_date": line.stage_date,
            "funds_within_province": _wan(line.funds_within_province_yuan),
            "funds_outside_province": _wan(line.funds_outside_province_yuan),
            "funds_abroad": _wan(line.funds_abroad_yuan),
            "investment_completed": _wan(line.investment_completed_yuan),
            "stage_reason": line.stage_reason,
            "note": line.note,
        }
        for col, (key, _header, kind) in enumerate(COLUMNS, start=1):
            value = values[key]
            if isinstance(value, Decimal):
                value = float(value) if value == Decimal(repr(float(value))) else str(value)
            cell = ws.cell(row=row, column=col, value=value)
            if kind in ("key", "info"):
                cell.fill = grey
            else:
                cell.protection = Protection(locked=False)
            if key in ("code", "uscc"):
                cell.number_format = "@"
            elif kind == "wan" or key == "last_funds":
                cell.number_format = "0.00####"
            elif kind == "date":
                cell.number_format = "yyyy-mm-dd"
        stages.add(f"F{row}")
    ws.column_dimensions["A"].hidden = True
    ws.freeze_panes = "C3"
    ws.protection.sheet = True
    ws.protection.password = PASSWORD
    guide = wb.create_sheet(GUIDE)
    for i, text in enumerate(
        [
            "填表说明",
            "1. 只填写白色单元格;灰色单元格为系统预填,不可修改。",
            "2. 金额单位为万元,只填数字,不要带“万元”等字样;本月无发生额可留空。",
            "3. 月末阶段请从下拉列表选择;阶段倒退必须填写阶段变更说明。",
            "4. 日期格式如 2026-03-05。",
            "5. 请勿增删行、调整列顺序;项目ID列为系统识别用。",
            "6. 填好后在系统“上传Excel”处上传,先预检,确认后才保存。",
        ],
        start=1,
    ):
        guide.cell(row=i, column=1, value=text)
    guide.column_dimensions["A"].width = 80
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class Parsed:
    data: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    where: dict[str, tuple[int, int, Any]] = field(default_factory=dict)


def _where(row: int, col: int, value: Any) -> str:
    shown = "" if value is None else str(value)
    return f"工作表“{SHEET}”第{row}行{get_column_letter(col)}列({COLUMNS[col - 1][1]})值“{shown}”"


def _number_text(value: Any) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        raise ValueError
    if isinstance(value, float):
        return strip_zeros(Decimal(repr(value)))
    if isinstance(value, int):
        return str(value)
    text = str(value).strip().replace(",", "").replace(",", "")
    for suffix, factor in (("亿元", Decimal(10000)), ("万元", Decimal(1)), ("元", None)):
        if text.endswith(suffix):
            number = Decimal(text[: -len(suffix)].strip())
            return strip_zeros(number / WAN if factor is None else number * factor)
    return text


def _date_text(value: Any) -> str:
    if value in (None, ""):
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 1 <= value <= 2958465:
            raise ValueError
        return (EXCEL_EPOCH + timedelta(days=int(value))).isoformat()
    text = str(value).strip()
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise ValueError


def read_rows(data: bytes) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    if SHEET not in book.sheet_names:
        raise LookupError
    return book.get_sheet_by_name(SHEET).to_python(skip_empty_area=False)


def parse_rows(rows: list[list[Any]], unit_return: UnitReturn) -> Parsed:
    """The workbook rows as the web form's inputs, with cell-level errors."""
    out = Parsed()
    key = key_of(unit_return)
    if not rows or str(rows[0][0] if rows[0] else "").strip() != key:
        found = rows[0][0] if rows and rows[0] else ""
        out.errors.append(
            f"工作表“{SHEET}”第1行A列值“{found}”:不是本单位本期月报的模板(应为 {key})"
        )
        return out
    headers = [str(c).strip() for c in (rows[1] if len(rows) > 1 else [])]
    expected = [h for _k, h, _t in COLUMNS]
    if headers[: len(expected)] != expected:
        out.errors.append(f"工作表“{SHEET}”第2行:表头被修改,请重新下载模板")
        return out
    known = set(unit_return.lines.values_list("project_id", flat=True))
    for r, cells in enumerate(rows[HEADER_ROWS:], start=HEADER_ROWS + 1):
        cells = list(cells) + [None] * (len(COLUMNS) - len(cells))
        if all(c in (None, "") for c in cells):
            continue
        try:
            project_id = int(Decimal(str(cells[0]).strip()))
        except (InvalidOperation, ValueError):
            out.errors.append(f"{_where(r, 1, cells[0])}:项目ID无效,请勿修改或增加行")
            continue
        if project_id not in known:
            out.errors.append(f"{_where(r, 1, cells[0])}:该项目不属于本单位本期月报")
            continue
        for c, (name, _header, kind) in enumerate(COLUMNS, start=1):
            value = cells[c - 1]
            if kind in ("key", "info"):
                continue
            out.where[f"p{project_id}-{name}"] = (r, c, value)
            try:
                if kind == "wan":
                    text = _number_text(value)
                elif kind == "date":
                    text = _date_text(value)
                elif kind == "stage":
                    label = "" if value is None else str(value).strip()
                    text = STAGE_BY_LABEL.get(label, label)
                else:
                    text = "" if value is None else str(value)
            except (ValueError, InvalidOperation, ArithmeticError):
                what = "日期" if kind == "date" else "数字"
                out.errors.append(f"{_where(r, c, value)}:不是有效的{what}")
                continue
            out.data[f"p{project_id}-{name}"] = text
    return out


def to_entry(parsed: Parsed, lines: list[ReturnLine]):
    """Apply the web form's rules; its messages are re-addressed to sheet, row and column."""
    entry = parse_return(parsed.data, lines)
    errors = list(parsed.errors)
    for key, message in entry.field_errors.items():
        if key in parsed.where:
            r, c, value = parsed.where[key]
            errors.append(f"{_where(r, c, value)}:{message}")
        else:
            errors.append(message)
    return entry, errors
