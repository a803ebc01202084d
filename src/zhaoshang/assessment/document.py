"""The results of a run as a JSON document and an xlsx workbook (the API and the command)."""

from __future__ import annotations

import io
from typing import Any

from zhaoshang.assessment.models import AssessmentRun, Result
from zhaoshang.assessment.periods import AssessmentPeriod
from zhaoshang.assessment.scoring import UnitResult
from zhaoshang.org.models import UnitGroup


def build(run: AssessmentRun, results: list[Result]) -> dict[str, Any]:
    names = dict(UnitGroup.objects.values_list("code", "name"))
    groups: dict[str, dict[str, Any]] = {}
    for r in results:
        group = groups.setdefault(
            r.group_code,
            {"code": r.group_code, "name": names.get(r.group_code, r.group_code), "results": []},
        )
        group["results"].append(
            {
                "unit": r.unit.name,
                "code": r.unit.code,
                "total": f"{r.total:.2f}",
                "rank": r.rank,
                "vetoed": r.vetoed,
                "veto_reasons": r.sheet.get("veto_reasons", []),
                "list": r.list_kind or None,
                "items": r.sheet.get("items", []),
                "deductions": r.sheet.get("deductions", []),
                "bonuses": r.sheet.get("bonuses", []),
            }
        )
    return {
        "scheme": run.scheme.name,
        "scheme_version": run.scheme.version,
        "period": run.period,
        "period_label": run.period_label,
        "status": run.status,
        "objection_until": run.objection_until.isoformat(),
        "revision": run.revision,
        "sha256": run.digest or None,
        "groups": list(groups.values()),
    }


def build_preview(
    name: str,
    version: int | None,
    period: AssessmentPeriod,
    results: list[UnitResult],
    codes: dict[str, str],
) -> dict[str, Any]:
    """The same document for results computed but not stored (``zhaoshang assess`` on a file)."""
    from zhaoshang.assessment.actions import sheet_json

    names = dict(UnitGroup.objects.values_list("code", "name"))
    groups: dict[str, dict[str, Any]] = {}
    for r in results:
        sheet = sheet_json(r)
        group = groups.setdefault(
            r.group, {"code": r.group, "name": names.get(r.group, r.group), "results": []}
        )
        group["results"].append(
            {
                "unit": r.name,
                "code": codes.get(r.key, r.key),
                "total": f"{r.total:.2f}",
                "rank": r.rank,
                "vetoed": r.vetoed,
                "veto_reasons": list(r.veto_reasons),
                "list": r.list or None,
                "items": sheet["items"],
                "deductions": sheet["deductions"],
                "bonuses": sheet["bonuses"],
            }
        )
    for group in groups.values():
        group["results"].sort(key=lambda row: (row["rank"] is None, row["rank"] or 0, row["code"]))
    return {
        "scheme": name,
        "scheme_version": version,
        "period": str(period),
        "period_label": period.label(),
        "status": "preview",
        "objection_until": None,
        "revision": 0,
        "sha256": None,
        "groups": list(groups.values()),
    }


def xlsx(document: dict[str, Any]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "排名"
    sheet.append([f"{document['scheme']} {document['period_label']}考核结果"])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(["分组", "名次", "单位", "总分", "一票否决", "红黑榜"])
    lists = {"red": "红榜", "black": "黑榜"}
    for group in document["groups"]:
        for row in group["results"]:
            sheet.append(
                [
                    group["name"],
                    row["rank"],
                    row["unit"],
                    row["total"],
                    "否决" if row["vetoed"] else "",
                    lists.get(row["list"] or "", ""),
                ]
            )
    detail = book.create_sheet("得分明细")
    detail.append(["单位", "考核项", "分值", "得分", "计分说明"])
    for group in document["groups"]:
        for row in group["results"]:
            for item in row["items"]:
                detail.append(
                    [
                        row["unit"],
                        item["name"],
                        item["weight"],
                        item["score"] or "—",
                        item["explanation"],
                    ]
                )
            for d in row["deductions"]:
                detail.append(
                    [row["unit"], f"扣分:{d['name']}", "", f"-{d['points']}", d["explanation"]]
                )
            for b in row["bonuses"]:
                detail.append([row["unit"], f"加分:{b['name']}", "", b["points"], b["explanation"]])
            for reason in row["veto_reasons"]:
                detail.append([row["unit"], "一票否决", "", "", reason])
    for ws, widths in ((sheet, [12, 6, 18, 10, 10, 8]), (detail, [18, 24, 8, 10, 70])):
        for index, width in enumerate(widths):
            ws.column_dimensions[chr(65 + index)].width = width
    for cells in detail.iter_rows(min_row=2):
        cells[4].alignment = Alignment(wrap_text=True)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def pdf(document: dict[str, Any]) -> bytes:
    """A4 landscape PDF (WeasyPrint) with the CJK fonts the bulletins embed."""
    from django.conf import settings
    from django.template.loader import render_to_string
    from weasyprint import HTML

    from zhaoshang.bulletins.render.fonts import font_face_css

    font_css, families = font_face_css()
    html = render_to_string(
        "assessment/document.html", {"doc": document, "font_css": font_css, "families": families}
    )
    data = HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
    assert data is not None
    return bytes(data)
