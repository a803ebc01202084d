"""The bulletin's words. Sentences come from the editable templates below (Python format strings);
clauses whose figures do not apply are left out (no city rank → no "在全市排…")."""

from __future__ import annotations

from decimal import Decimal

from zhaoshang.bulletins.compute import (
    NEGOTIATING_ONLY,
    NO_ACTION,
    RESULTS,
    Bulletin,
    GroupResult,
    UnitRow,
)
from zhaoshang.bulletins.service import ServiceSection
from zhaoshang.core.money import format_percent, format_points, format_yi
from zhaoshang.core.numerals import ordinal_rank
from zhaoshang.trade.figures import wan_usd

# Edit these to change the register; each key is one clause.
TEMPLATES: dict[str, str] = {
    "projects": "{ytd},全区共有各类招商引资项目{projects}个,其中新建项目{new}个、续建项目{continuing}个",
    "funds": "利用市外资金{funds_yi}亿元",
    "year_on_year": "同比{direction}{change}",
    "city_rank": "在全市排{rank}",
    "district_target": "完成年度目标任务的{completion},{ahead_or_behind}序时进度{points}",
    "group_count": "{count}个{group}",
    "results": "{groups}有实绩",
    "no_results": "{groups}没有实绩",
    "negotiating": "其中{count}个{noun}有正在洽谈的项目",
    "fastest": "{names}进展最快",
    "not_reported": "{names}等{count}个单位未报送月报",
    "behind": "{count}个单位低于序时进度",
    "trade_total": "全区完成进出口总额{total}万美元",
    "trade_year_on_year": "同比{direction}{change}",
    "trade_exports": "其中出口{exports}万美元",
    "trade_count": "{name}{count}家",
    "trade_target": "完成年度进出口目标的{completion}",
    "cases": "{ytd},全区受理企业诉求{received}件,办结{completed}件",
    "cases_on_time": "按期办结率{on_time}",
    "cases_satisfaction": "回访满意率{satisfaction}",
    "cases_missed": "逾期{missed}件({names})",
    "cases_escalated": "提请督办{escalated}件",
    "inspections": "各部门备案涉企检查{filed}次",
    "inspections_merged": "其中合并检查{merged}次",
    "inspections_refused": "不予同意{refused}次",
    "inspections_unfiled": "企业反映未备案检查{unfiled}起({names})",
    "resolutions": "会议议定事项{decided}项,已销号{closed}项",
    "resolutions_open": "截至月底未销号{open}项",
    "resolutions_overdue": "其中逾期{overdue}项({names})",
}
SENTENCE_END = "。"
CLAUSE_JOIN = ","
NAME_JOIN = "、"
GROUP_JOIN = "和"
TRADE_JOIN = ";"


def _sentence(clauses: list[str]) -> str:
    return CLAUSE_JOIN.join(c for c in clauses if c) + SENTENCE_END


def _names(rows: tuple[UnitRow, ...] | list[UnitRow]) -> str:
    return NAME_JOIN.join(row.name for row in rows)


def _counts(groups: tuple[GroupResult, ...], statuses: tuple[str, ...]) -> list[str]:
    parts = []
    for group in groups:
        count = sum(group.count(status) for status in statuses)
        if count:
            parts.append(TEMPLATES["group_count"].format(count=count, group=group.name))
    return parts


def totals_paragraph(bulletin: Bulletin) -> str:
    totals = bulletin.totals
    clauses = [
        TEMPLATES["projects"].format(
            ytd=bulletin.period.year_to_date_label(),
            projects=totals.projects.counted,
            new=totals.projects.new,
            continuing=totals.projects.continuing,
        ),
        TEMPLATES["funds"].format(funds_yi=format_yi(totals.funds_ytd.total)),
    ]
    if totals.year_on_year_pct is not None:
        change = totals.year_on_year_pct
        clauses.append(
            TEMPLATES["year_on_year"].format(
                direction="增长" if change >= 0 else "下降", change=format_percent(abs(change))
            )
        )
    if totals.city_rank:
        clauses.append(TEMPLATES["city_rank"].format(rank=ordinal_rank(totals.city_rank)))
    text = _sentence(clauses)
    if totals.completion_pct is not None and totals.gap_pp is not None:
        text += _sentence(
            [
                TEMPLATES["district_target"].format(
                    completion=format_percent(totals.completion_pct),
                    ahead_or_behind="超" if totals.gap_pp >= 0 else "欠",
                    points=format_points(totals.gap_pp),
                )
            ]
        )
    return text


def status_paragraph(bulletin: Bulletin) -> str:
    groups = bulletin.groups
    clauses = []
    with_results = _counts(groups, (RESULTS,))
    if with_results:
        clauses.append(TEMPLATES["results"].format(groups=GROUP_JOIN.join(with_results)))
    without = _counts(groups, (NEGOTIATING_ONLY, NO_ACTION))
    if without:
        clauses.append(TEMPLATES["no_results"].format(groups=GROUP_JOIN.join(without)))
        negotiating = [g for g in groups if g.count(NEGOTIATING_ONLY)]
        count = sum(g.count(NEGOTIATING_ONLY) for g in negotiating)
        if count:
            noun = negotiating[0].noun if len(negotiating) == 1 else "单位"
            clauses.append(TEMPLATES["negotiating"].format(count=count, noun=noun))
    return _sentence(clauses) if clauses else ""


def fastest_paragraph(bulletin: Bulletin) -> str:
    if not bulletin.lists.fastest:
        return ""
    per_group = [
        _names([row for row in bulletin.lists.fastest if row.group_code == group.code])
        for group in bulletin.groups
    ]
    names = GROUP_JOIN.join(part for part in per_group if part)
    return _sentence([TEMPLATES["fastest"].format(names=names)])


def _listing(key: str, rows: tuple[UnitRow, ...]) -> str:
    if not rows:
        return ""
    return _sentence([TEMPLATES[key].format(names=_names(rows), count=len(rows))])


def trade_paragraph(bulletin: Bulletin) -> str:
    """外贸外资: totals, exports, and the two counts named by the definitions valid in the period."""
    trade = bulletin.trade
    if trade is None:
        return ""
    first = [TEMPLATES["trade_total"].format(total=wan_usd(trade.total_usd))]
    if trade.year_on_year_pct is not None:
        change = trade.year_on_year_pct
        first.append(
            TEMPLATES["trade_year_on_year"].format(
                direction="增长" if change >= 0 else "下降", change=format_percent(abs(change))
            )
        )
    first.append(TEMPLATES["trade_exports"].format(exports=wan_usd(trade.exports_usd)))
    counts = [
        TEMPLATES["trade_count"].format(name=item.name, count=item.count)
        for item in (trade.new_traders, trade.new_fies)
        if item.name
    ]
    text = CLAUSE_JOIN.join(first)
    if counts:
        text += TRADE_JOIN + CLAUSE_JOIN.join(counts)
    text += SENTENCE_END
    if trade.completion_pct is not None:
        text += _sentence(
            [TEMPLATES["trade_target"].format(completion=format_percent(trade.completion_pct))]
        )
    return text


def _named(rows: tuple[tuple[str, int], ...], measure: str) -> str:
    return NAME_JOIN.join(f"{name}{count}{measure}" for name, count in rows)


def service_paragraph(section: ServiceSection | None) -> str:
    """服务企业和督办落实: requests, inspections and resolutions, year to date; the units that
    missed a deadline, inspected without filing or let a resolution run late are named."""
    if section is None:
        return ""
    text = ""
    if section.cases_received or section.cases_completed:
        clauses = [
            TEMPLATES["cases"].format(
                ytd=section.period.year_to_date_label(),
                received=section.cases_received,
                completed=section.cases_completed,
            )
        ]
        if section.on_time_pct is not None:
            clauses.append(
                TEMPLATES["cases_on_time"].format(on_time=format_percent(section.on_time_pct))
            )
        if section.satisfaction_pct is not None:
            clauses.append(
                TEMPLATES["cases_satisfaction"].format(
                    satisfaction=format_percent(section.satisfaction_pct)
                )
            )
        if section.cases_missed:
            clauses.append(
                TEMPLATES["cases_missed"].format(
                    missed=section.cases_missed,
                    names=_named(section.named("cases_missed"), "件"),
                )
            )
        if section.cases_escalated:
            clauses.append(TEMPLATES["cases_escalated"].format(escalated=section.cases_escalated))
        text += _sentence(clauses)
    if section.inspections_filed or section.inspections_refused or section.inspections_unfiled:
        first = [TEMPLATES["inspections"].format(filed=section.inspections_filed)]
        if section.inspections_merged:
            first.append(TEMPLATES["inspections_merged"].format(merged=section.inspections_merged))
        if section.inspections_refused:
            first.append(
                TEMPLATES["inspections_refused"].format(refused=section.inspections_refused)
            )
        sentence = CLAUSE_JOIN.join(first)
        if section.inspections_unfiled:
            sentence += TRADE_JOIN + TEMPLATES["inspections_unfiled"].format(
                unfiled=section.inspections_unfiled,
                names=_named(section.named("inspections_unfiled"), "起"),
            )
        text += sentence + SENTENCE_END
    if section.resolutions_decided or section.resolutions_open:
        clauses = [
            TEMPLATES["resolutions"].format(
                decided=section.resolutions_decided, closed=section.resolutions_closed
            ),
            TEMPLATES["resolutions_open"].format(open=section.resolutions_open),
        ]
        if section.resolutions_overdue:
            clauses.append(
                TEMPLATES["resolutions_overdue"].format(
                    overdue=section.resolutions_overdue,
                    names=_named(section.named("resolutions_overdue"), "项"),
                )
            )
        text += _sentence(clauses)
    return text


def paragraphs(bulletin: Bulletin) -> list[str]:
    """The bulletin's text, one string per paragraph; empty paragraphs are dropped."""
    second = status_paragraph(bulletin) + fastest_paragraph(bulletin)
    third = _listing("not_reported", bulletin.lists.not_reported) + _listing(
        "behind", bulletin.lists.behind
    )
    # Foreign trade belongs to the overall situation (一、总体情况): it closes the first paragraph.
    first = totals_paragraph(bulletin) + trade_paragraph(bulletin)
    return [p for p in (first, second, third) if p]


def signed_points(value: Decimal | None) -> str:
    """A gap for tables: "超3.5个百分点" / "欠2个百分点" / "—"."""
    if value is None:
        return "—"
    return ("超" if value >= 0 else "欠") + format_points(value)
