"""The project registry as a workbook, for the projects the list page shows with its filters."""

from __future__ import annotations

import io
from typing import Any

from django.db.models import QuerySet
from openpyxl import Workbook
from openpyxl.styles import Font

from zhaoshang.core.money import WAN, strip_zeros
from zhaoshang.projects.filters import ProjectFilter
from zhaoshang.projects.queries import projects_for

SHEET = "项目台账"
GUIDE = "填表说明"
HEADERS = [
    "项目编号",
    "项目名称",
    "投资方",
    "投资方统一社会信用代码",
    "牵头单位",
    "资金来源地",
    "产业类别",
    "计划总投资(万元)",
    "重点项目",
    "阶段",
    "开工/签约日期",
    "新建/续建",
    "建设地点",
]


GUIDE_LINES = [
    "填表说明(项目台账)",
    "1. 本表可修改后上传:按“投资方统一社会信用代码 + 项目编号”识别项目,已登记的更新,未登记的新建。",
    "2. 请勿修改第1行表头;“新建/续建”由系统按立项日期计算,上传时不读取。",
    "3. 金额单位为万元;表头改为“计划总投资(元)”或“(亿元)”时按表头单位换算。",
    "4. 资金来源地、产业类别、阶段请填写与系统一致的名称(如“省外”“先进制造业”“签约”)。",
    "5. 日期可写 2026-03-05、2026/3/5、2026.3.5 或 2026年3月5日。",
    "6. 牵头单位不能通过上传修改;阶段只能前进(退回须在项目页面说明理由)。",
    "7. 投资方已登记的,投资方名称以系统为准;新投资方须填写名称。",
    "8. 上传后先预检,显示将新建、更新、不变的项目,确认后才保存;有任何错误则全部不保存。",
]


def filtered_projects(user: Any, params: Any, year: int) -> QuerySet:
    """Exactly the list page's rows: the same queryset and the same ProjectFilter."""
    filterset = ProjectFilter(params or None, queryset=projects_for(user, year), user=user)
    return filterset.qs.order_by("code")


def write_projects(projects: QuerySet) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in projects:
        ws.append(
            [
                p.code,
                p.name,
                p.investor.name if p.investor_id else "",
                p.investor.uscc if p.investor_id else "",
                p.lead_unit.name,
                p.get_origin_display(),
                p.get_industry_display(),
                float(strip_zeros(p.planned_investment_yuan / WAN)),
                "是" if p.is_key else "否",
                p.get_stage_display(),
                p.start_date,
                "新建" if getattr(p, "is_new", False) else "续建",
                p.location,
            ]
        )
        row = ws.max_row
        ws.cell(row=row, column=1).number_format = "@"
        ws.cell(row=row, column=4).number_format = "@"
        ws.cell(row=row, column=8).number_format = "#,##0.00####"
        ws.cell(row=row, column=11).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "C2"
    for col, width in zip(
        "ABCDEFGHIJKLM", [14, 28, 24, 22, 14, 12, 12, 16, 8, 10, 14, 10, 20], strict=True
    ):
        ws.column_dimensions[col].width = width
    guide = wb.create_sheet(GUIDE)
    for i, text in enumerate(GUIDE_LINES, start=1):
        guide.cell(row=i, column=1, value=text)
    guide.column_dimensions["A"].width = 90
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
