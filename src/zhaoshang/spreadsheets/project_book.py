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


def filtered_projects(user: Any, params: Any, year: int) -> QuerySet:
    """Exactly the list page's rows: the same queryset and the same ProjectFilter."""
    filterset = ProjectFilter(params or None, queryset=projects_for(user, year), user=user)
    return filterset.qs.order_by("code")


def write_projects(projects: QuerySet) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "项目台账"
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
    ws.protection.sheet = True
    for col, width in zip(
        "ABCDEFGHIJKLM", [14, 28, 24, 22, 14, 12, 12, 16, 8, 10, 14, 10, 20], strict=True
    ):
        ws.column_dimensions[col].width = width
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
