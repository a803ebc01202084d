"""The targets of a year as a workbook (read-only export), scoped by Target.objects.visible_to."""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from zhaoshang.core.money import WAN, strip_zeros
from zhaoshang.targets.models import Measure, Target

HEADERS = ["单位代码", "单位", "指标", "下达方", "年度", "当前目标", "计量单位"]


def write_targets(user: Any, year: int) -> bytes:
    targets = (
        Target.objects.visible_to(user)
        .filter(year=year)
        .select_related("unit", "indicator")
        .order_by("unit__code", "indicator__code", "issuer")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = f"{year}年目标"
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for t in targets:
        in_wan = t.indicator.measure == Measure.YUAN
        value = t.current_value / WAN if in_wan else t.current_value
        ws.append(
            [
                t.unit.code,
                t.unit.name,
                t.indicator.name,
                t.get_issuer_display(),
                t.year,
                float(strip_zeros(value)),
                "万元" if in_wan else t.indicator.get_measure_display(),
            ]
        )
        ws.cell(row=ws.max_row, column=1).number_format = "@"
        ws.cell(row=ws.max_row, column=6).number_format = "#,##0.00####"
    ws.protection.sheet = True
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
