"""Reading the project workbook back: every row becomes the inputs of the project registration
form (ProjectCreateForm, built as the web page builds it for this person) and is cleaned by that
form's fields; rows are matched to the registry by the key the registry counts a project by
(investor USCC + project code). The plan is written by ``spreadsheets.actions.import_projects``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from zhaoshang.org.models import Unit, User
from zhaoshang.projects.forms import ProjectCreateForm
from zhaoshang.projects.models import Industry, Investor, Origin, Project, Stage, is_backwards
from zhaoshang.projects.queries import lead_unit_choices
from zhaoshang.spreadsheets.project_book import HEADERS, SHEET
from zhaoshang.spreadsheets.sheets import (
    BookError,
    FieldCleaner,
    amount_factor,
    bool_value,
    code_text,
    date_text,
    locate_columns,
    shown,
    wan_text,
    where,
)

# form field → workbook header
COLUMN_OF = {
    "code": "项目编号",
    "name": "项目名称",
    "investor_name": "投资方",
    "uscc": "投资方统一社会信用代码",
    "lead_unit": "牵头单位",
    "origin": "资金来源地",
    "industry": "产业类别",
    "planned_investment_wan": "计划总投资(万元)",
    "is_key": "重点项目",
    "stage": "阶段",
    "start_date": "开工/签约日期",
    "location": "建设地点",
}
REQUIRED = [h for h in HEADERS if h != "新建/续建"]
ORIGIN_BY_LABEL = {str(label): value for value, label in Origin.choices}
INDUSTRY_BY_LABEL = {str(label): value for value, label in Industry.choices}
STAGE_BY_LABEL = {str(label): value for value, label in Stage.choices}
CHUNK = 5000


@dataclass
class Row:
    row: int
    uscc: str
    code: str
    investor_name: str
    unit: Unit
    stage: str
    values: dict[str, Any]  # the Project fields (yuan, dates, booleans)
    project: Project | None = None
    changes: dict[str, Any] = field(default_factory=dict)
    stage_change: bool = False

    @property
    def label(self) -> str:
        return f"{self.code} {self.values['name']}"


@dataclass
class Plan:
    rows: list[Row] = field(default_factory=list)
    new_investors: dict[str, str] = field(default_factory=dict)  # uscc → name
    investors: dict[str, int] = field(default_factory=dict)  # uscc → id (registered)
    errors: list[str] = field(default_factory=list)


def _choice(by_label: dict[str, str]) -> Any:
    def convert(value: Any) -> str:
        text = shown(value).strip()
        return by_label.get(text, text)

    return convert


def _stripped(value: Any) -> str:
    return shown(value).strip()


def _is_key(value: Any) -> bool:
    answer = bool_value(value)
    if isinstance(answer, str):
        raise ValidationError("应填“是”或“否”")
    return answer


def _pipeline(actor: User, factor: Decimal) -> tuple[FieldCleaner, list[tuple[str, Any, bool]]]:
    """(form field, cell → form input, cached?) for every column, in COLUMN_OF order."""
    units = lead_unit_choices(actor)
    unit_by_name: dict[str, Unit] = {}
    for unit in units:
        unit_by_name.setdefault(unit.name, unit)
        unit_by_name.setdefault(unit.code, unit)

    def lead_unit(value: Any) -> str:
        text = shown(value).strip()
        if not text:
            raise ValidationError("不能为空")
        unit = unit_by_name.get(text)
        if unit is None:
            raise ValidationError("不是您可以登记项目的单位(只能导入本人权限范围内单位的项目)")
        return str(unit.pk)

    # The registration form as the web page builds it: the lead unit chosen among the units this
    # person may register projects for (a reporter has only their own unit).
    cleaner = FieldCleaner(ProjectCreateForm(units=units))
    steps = [
        ("code", code_text, False),
        ("name", _stripped, False),
        ("investor_name", _stripped, True),
        ("uscc", code_text, True),
        ("lead_unit", lead_unit, True),
        ("origin", _choice(ORIGIN_BY_LABEL), True),
        ("industry", _choice(INDUSTRY_BY_LABEL), True),
        ("planned_investment_wan", lambda v: wan_text(v, factor), False),
        ("is_key", _is_key, True),
        ("stage", _choice(STAGE_BY_LABEL), True),
        ("start_date", date_text, True),
        ("location", _stripped, True),
    ]
    return cleaner, steps


def plan_projects(actor: User, rows: list[list[Any]], today: date) -> Plan:
    """Validate every row (all problems at once) and compare with the registry."""
    plan = Plan()
    if not rows:
        raise BookError(f"工作表“{SHEET}”是空的,请使用系统下载的模板")
    cols = locate_columns(SHEET, list(rows[0]), REQUIRED)
    factor = amount_factor(shown(rows[0][cols["计划总投资(万元)"]]).strip()) or Decimal(1)
    cleaner, steps = _pipeline(actor, factor)
    # Per column: cell value → (ok, cleaned value or messages), cached for repeating values.
    caches: dict[str, dict[Any, tuple[bool, Any]]] = {name: {} for name, _c, _k in steps}

    def run(name: str, convert: Any, value: Any) -> tuple[bool, Any]:
        try:
            return True, cleaner.direct(name, convert(value))
        except ValidationError as exc:
            return False, exc.messages

    cached_steps = [
        (name, cols[COLUMN_OF[name]], convert, caches[name])
        for name, convert, cached in steps
        if cached
    ]
    direct_steps = [
        (name, cols[COLUMN_OF[name]], convert, cleaner.function(name))
        for name, convert, cached in steps
        if not cached
    ]
    seen: dict[tuple[str, str], int] = {}
    width = max(cols.values()) + 1
    i_code, i_name = cols["项目编号"], cols["项目名称"]
    for r, cells in enumerate(rows[1:], start=2):
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        blank = cells[i_code] in (None, "") and cells[i_name] in (None, "")
        if blank and all(c is None or c == "" for c in cells):
            continue
        cleaned: dict[str, Any] = {}
        problems: list[tuple[str, int, list[str]]] = []
        for name, col, convert, cache in cached_steps:
            value = cells[col]
            try:
                ok, result = cache[value]
            except KeyError:
                ok, result = cache[value] = run(name, convert, value)
            except TypeError:
                ok, result = run(name, convert, value)
            if ok:
                cleaned[name] = result
            else:
                problems.append((name, col, result))
        for name, col, convert, clean in direct_steps:
            try:
                cleaned[name] = clean(convert(cells[col]))
            except ValidationError as exc:
                problems.append((name, col, exc.messages))
        if not problems:
            key = (cleaned["uscc"], cleaned["code"])
            if key in seen:
                first = seen[key]
                problems.append(
                    ("code", i_code, [f"与第{first}行重复(同一投资方的同一项目编号只能出现一次)"])
                )
            else:
                seen[key] = r
        if problems:
            for name, col, messages in problems:
                header = COLUMN_OF[name]
                place = where(SHEET, r, col + 1, header, cells[col])
                plan.errors.extend(f"{place}:{message}" for message in messages)
            continue
        plan.rows.append(
            Row(
                row=r,
                uscc=cleaned["uscc"],
                code=cleaned["code"],
                investor_name=cleaned["investor_name"],
                unit=cleaned["lead_unit"],
                stage=cleaned["stage"],
                values={
                    "name": cleaned["name"],
                    "origin": cleaned["origin"],
                    "industry": cleaned["industry"],
                    "planned_investment_yuan": cleaned["planned_investment_wan"],
                    "start_date": cleaned["start_date"],
                    "is_key": cleaned["is_key"],
                    "location": cleaned["location"],
                },
            )
        )
    _compare(actor, plan, cols)
    return plan


def _compare(actor: User, plan: Plan, cols: dict[str, int]) -> None:
    """Match rows with registered investors and projects (prefetched in chunks) and decide."""
    usccs = sorted({row.uscc for row in plan.rows})
    for start in range(0, len(usccs), CHUNK):
        chunk = usccs[start : start + CHUNK]
        plan.investors.update(Investor.objects.filter(uscc__in=chunk).values_list("uscc", "id"))
    existing: dict[tuple[str, str], Project] = {}
    known = sorted(plan.investors.values())
    for start in range(0, len(known), CHUNK):
        chunk = known[start : start + CHUNK]
        for project in Project.objects.filter(investor_id__in=chunk).select_related(
            "investor", "lead_unit"
        ):
            existing[(project.investor.uscc, project.code)] = project
    editable = set(Unit.objects.editable_by(actor).values_list("pk", flat=True))

    def fail(row: Row, header: str, value: Any, message: str) -> None:
        plan.errors.append(f"{where(SHEET, row.row, cols[header] + 1, header, value)}:{message}")

    for row in plan.rows:
        project = existing.get((row.uscc, row.code))
        if project is None:
            if row.uscc not in plan.investors:
                if not row.investor_name:
                    fail(row, "投资方", "", "新的投资方须填写投资方名称")
                    continue
                plan.new_investors.setdefault(row.uscc, row.investor_name)
            continue
        row.project = project
        if project.lead_unit_id not in editable:
            fail(row, "项目编号", row.code, "该项目属于其他单位,不能导入修改")
            continue
        if project.lead_unit_id != row.unit.pk:
            fail(
                row,
                "牵头单位",
                row.unit.name,
                f"牵头单位不能通过导入修改(现为{project.lead_unit.name}),"
                "请由招商局在项目页面调整并说明理由",
            )
            continue
        row.changes = {
            name: value for name, value in row.values.items() if getattr(project, name) != value
        }
        if row.stage != project.stage:
            if is_backwards(project.stage, row.stage):
                fail(
                    row,
                    "阶段",
                    str(Stage(row.stage).label),
                    f"阶段由“{Stage(project.stage).label}”退回“{Stage(row.stage).label}”"
                    "须在项目页面办理并说明理由",
                )
                continue
            row.stage_change = True
