"""What every document format says: the computed bulletin, its JSON document, the bureau's
metadata (number, signer, date), the narrative as published and the 更正 list."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from zhaoshang.bulletins.compute import Bulletin
from zhaoshang.core.periods import Period

DOC_NUMBER = re.compile(
    r"^(?P<prefix>[\u4e00-\u9fff]{1,10})〔(?P<year>\d{4})〕(?P<serial>[1-9]\d{0,3})号$"
)
STATUS_LABELS = {
    "results": "有实绩",
    "negotiating_only": "仅有洽谈项目",
    "no_action": "无实绩",
    "not_reported": "未报送",
}
SECTIONS = (
    ("overall", "总体情况"),
    ("units", "各单位进展情况"),
    ("groups", "分组完成情况"),
    ("service", "服务企业和督办落实情况"),
    ("corrections", "更正"),
)
GROUP_HEADING_NUMBERS = "一二三四五六七八九十"
SERVICE_HEADER = [
    "单位",
    "受理诉求(件)",
    "办结(件)",
    "按期办结率",
    "满意率",
    "逾期(件)",
    "备案检查(次)",
    "未备案检查反映(起)",
    "未销号决议(项)",
    "其中逾期(项)",
]


def chinese_date(day: date) -> str:
    """2026年4月5日 (no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def title_for(period: Period) -> str:
    return f"关于{period.year}年{period.year_to_date_label()}全区招商引资工作情况的通报"


def doc_number_error(text: str, issued_on: date | None = None) -> str | None:
    """A Chinese message when ``text`` is not a document number like 河招〔2026〕3号, else None."""
    match = DOC_NUMBER.match(text.strip())
    if match is None:
        return (
            f"发文字号“{text}”格式不对:应写作“河招〔2026〕3号”"
            "(机关代字+六角括号年份+序号+号,序号不加“第”、不编虚位)"
        )
    if issued_on is not None and int(match["year"]) != issued_on.year:
        return f"发文字号中的年份{match['year']}与成文日期的年份{issued_on.year}不一致"
    return None


@dataclass(frozen=True)
class Meta:
    issuer: str
    doc_number: str
    signer: str
    issued_on: date
    title: str
    copy_to: str = ""

    @property
    def date_text(self) -> str:
        return chinese_date(self.issued_on)


@dataclass(frozen=True)
class Content:
    bulletin: Bulletin
    document: dict[str, Any]
    meta: Meta
    chart: dict[str, Any]
    corrections: list[dict[str, Any]] = field(default_factory=list)

    @property
    def narrative(self) -> list[str]:
        return list(self.document["narrative"])

    @property
    def service(self) -> dict[str, Any] | None:
        return self.document.get("service")

    @property
    def headings(self) -> dict[str, str]:
        """The first-level headings, numbered 一、二、… over the sections this document has (the
        service section and the 更正 only when there is something to say)."""
        present = {"service": bool(self.service), "corrections": bool(self.corrections)}
        keys = [key for key, _ in SECTIONS if present.get(key, True)]
        titles = dict(SECTIONS)
        return {key: f"{GROUP_HEADING_NUMBERS[i]}、{titles[key]}" for i, key in enumerate(keys)}

    def service_rows(self) -> list[list[Any]]:
        """The service section's table: one row per unit with figures, "—" for no rate."""
        section = self.service or {"units": []}
        return [
            [
                u["unit"],
                u["cases_received"],
                u["cases_completed"],
                f"{u['cases_on_time_pct']}%" if u["cases_on_time_pct"] is not None else "—",
                f"{u['cases_satisfaction_pct']}%"
                if u["cases_satisfaction_pct"] is not None
                else "—",
                u["cases_missed"],
                u["inspections_filed"],
                u["inspections_unfiled"],
                u["resolutions_open"],
                u["resolutions_overdue"],
            ]
            for u in section["units"]
        ]

    def group_heading(self, index: int, name: str) -> str:
        return f"({GROUP_HEADING_NUMBERS[index]}){name}"

    def table_rows(self, group: dict[str, Any]) -> list[list[Any]]:
        """One group's table as the documents print it (strings; "—" where nothing applies)."""
        rows = []
        for unit in group["units"]:
            rows.append(
                [
                    unit["rank"] if unit["rank"] is not None else "—",
                    unit["unit"],
                    STATUS_LABELS.get(unit["status"], unit["status"]),
                    unit["outside_funds_wan_yuan"],
                    unit["target_wan_yuan"] or "—",
                    f"{unit['completion_pct']}%" if unit["completion_pct"] is not None else "—",
                    unit["gap_pp"] if unit["gap_pp"] is not None else "—",
                ]
            )
        return rows


TABLE_HEADER = [
    "排名",
    "单位",
    "状态",
    "利用市外资金(万元)",
    "年度目标(万元)",
    "完成率",
    "与序时进度(个百分点)",
]
