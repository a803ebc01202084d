"""XLSX (openpyxl) of every table: numbers as numbers (万元, two decimals), codes as text."""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from zhaoshang.bulletins.render.content import SERVICE_HEADER, STATUS_LABELS, Content

UNIT_COLUMNS = [
    ("单位代码", "code"),
    ("单位", "unit"),
    ("状态", "status"),
    ("排名", "rank"),
    ("利用市外资金(万元)", "outside_funds_wan_yuan"),
    ("年度目标(万元)", "target_wan_yuan"),
    ("完成率(%)", "completion_pct"),
    ("与序时进度(个百分点)", "gap_pp"),
    ("本月到位(万元)", "month_funds_wan_yuan"),
    ("环比(万元)", "month_on_month_wan_yuan"),
    ("项目", "projects"),
    ("新建", "projects_new"),
    ("续建", "projects_continuing"),
    ("洽谈", "projects_negotiating"),
]
NUMBER_FORMAT = "#,##0.00"


def _number(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    return value


def _header(sheet: Any, names: list[str]) -> None:
    sheet.append(names)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)


def render_xlsx(content: Content) -> bytes:
    document = content.document
    book = Workbook()
    summary = book.active
    summary.title = "全区汇总"
    summary.append([content.meta.title])
    summary.append(["发文字号", content.meta.doc_number])
    summary.append(["期间", document["period"]])
    totals = document["totals"]
    for label, key in (
        ("各类招商引资项目(个)", "projects"),
        ("新建项目(个)", "projects_new"),
        ("续建项目(个)", "projects_continuing"),
        ("利用市外资金(万元)", "outside_funds_wan_yuan"),
        ("本月到位(万元)", "month_funds_wan_yuan"),
        ("年度目标(万元)", "target_wan_yuan"),
        ("完成率(%)", "completion_pct"),
        ("序时进度(%)", "time_progress_pct"),
        ("与序时进度(个百分点)", "gap_pp"),
        ("全市排名", "city_rank"),
    ):
        summary.append([label, _number(totals[key])])
    summary.append([])
    _header(summary, ["月份", "利用市外资金(万元)"])
    for month, value in enumerate(totals["monthly_funds_wan_yuan"], start=1):
        summary.append([f"{month}月", _number(value)])
    for group in document["groups"]:
        sheet = book.create_sheet(group["name"][:31])
        _header(sheet, [name for name, _ in UNIT_COLUMNS])
        for unit in group["units"]:
            row = []
            for _, key in UNIT_COLUMNS:
                value = unit[key]
                if key == "status":
                    value = STATUS_LABELS.get(value, value)
                row.append(value if key in ("code", "unit", "status") else _number(value))
            sheet.append(row)
            sheet.cell(row=sheet.max_row, column=1).number_format = "@"
        for column in sheet.iter_cols(min_col=5, max_col=10, min_row=2):
            for cell in column:
                cell.number_format = NUMBER_FORMAT
    if content.service:
        sheet = book.create_sheet("服务企业和督办")
        sheet.append([content.service["paragraph"]])
        _header(sheet, [f"{h}(%)" if h.endswith("率") else h for h in SERVICE_HEADER])
        for row in content.service_rows():
            sheet.append([row[0], *(_number(str(v).rstrip("%")) for v in row[1:])])
    if content.corrections:
        sheet = book.create_sheet("更正")
        _header(sheet, ["期间", "单位代码", "单位", "数据项", "原数", "更正为", "原因"])
        for c in content.corrections:
            sheet.append(
                [
                    c["period"],
                    c["code"],
                    c["unit"],
                    c["figure"],
                    _number(c["old"]),
                    _number(c["new"]),
                    c.get("reason", ""),
                ]
            )
            sheet.cell(row=sheet.max_row, column=2).number_format = "@"
    for sheet in book.worksheets:
        sheet.column_dimensions["A"].width = 22
        sheet.column_dimensions["B"].width = 18
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
