"""The official-format HTML (GB/T 9704-2012) that WeasyPrint turns into the PDF."""

from __future__ import annotations

import base64
from typing import Any

from django.template.loader import render_to_string

from zhaoshang.bulletins.render import charts
from zhaoshang.bulletins.render.content import SERVICE_HEADER, TABLE_HEADER, Content
from zhaoshang.bulletins.render.fonts import font_face_css


def _data_uri(png: bytes | None) -> str | None:
    return None if png is None else "data:image/png;base64," + base64.b64encode(png).decode()


def context(content: Content) -> dict[str, Any]:
    faces_css, families = font_face_css()
    groups = []
    for index, group in enumerate(content.document["groups"]):
        chart_group = next((g for g in content.chart["groups"] if g["name"] == group["name"]), None)
        groups.append(
            {
                "name": group["name"],
                "heading": content.group_heading(index, group["name"]),
                "funds": group["outside_funds_wan_yuan"],
                "projects": group["projects"],
                "rows": content.table_rows(group),
                "chart": _data_uri(charts.completion_chart(chart_group)) if chart_group else None,
            }
        )
    return {
        "meta": content.meta,
        "narrative": content.narrative,
        "headings": content.headings,
        "service": content.service,
        "service_header": SERVICE_HEADER,
        "service_rows": content.service_rows(),
        "groups": groups,
        "table_header": TABLE_HEADER,
        "corrections": content.corrections,
        "monthly_chart": _data_uri(charts.monthly_chart(content.chart)),
        "font_faces": faces_css,
        "fonts": families,
    }


def official_html(content: Content) -> str:
    return render_to_string("bulletins/document/official.html", context(content))
