"""Reading the project workbook back: every row becomes the inputs of the project registration
form (ProjectCreateForm, built as the web page builds it for this person) and is cleaned by that
form's fields; rows are matched to the registry by the key the registry counts a project by
(investor USCC + project code). The plan is written by ``spreadsheets.actions.import_projects``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from operator import attrgetter
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
    wan_converter,
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
UNIT_PK = attrgetter(Unit._meta.pk.attname)  # a Unit's key without Model.pk's per-call overhead


# Project field ← form field, for the values a row gives a project.
PROJECT_FIELDS = {
    "name": "name",
    "origin": "origin",
    "industry": "industry",
    "planned_investment_yuan": "planned_investment_wan",
    "start_date": "start_date",
    "is_key": "is_key",
    "location": "location",
}


@dataclass(slots=True)
class Match:
    """A row naming a registered project: the fields it changes, and whether it moves the stage."""

    project: Project
    changes: dict[str, Any] = field(default_factory=dict)
    stage_change: bool = False


@dataclass
class Plan:
    """The valid rows column by column: ``columns`` maps each form field to its cleaned values in
    sheet order (row ``i`` of the plan is sheet row ``numbers[i]``); ``matched`` holds the rows
    naming a registered project, every other row registers a new one."""

    numbers: list[int] = field(default_factory=list)
    columns: dict[str, list[Any]] = field(default_factory=dict)
    matched: dict[int, Match] = field(default_factory=dict)
    new_investors: dict[str, str] = field(default_factory=dict)  # uscc → name
    investors: dict[str, int] = field(default_factory=dict)  # uscc → id (registered)
    errors: list[str] = field(default_factory=list)

    def label(self, i: int) -> str:
        return f"{self.columns['code'][i]} {self.columns['name'][i]}"

    def values(self, i: int) -> dict[str, Any]:
        """Row ``i``'s Project fields (yuan, dates, booleans)."""
        return {name: self.columns[source][i] for name, source in PROJECT_FIELDS.items()}

    def lead_unit_ids(self) -> set[Any]:
        """The primary keys of the lead units the rows name."""
        return set(map(UNIT_PK, self.columns.get("lead_unit", [])))

    def new_rows(self) -> list[int] | None:
        """The rows registering a new project; None when that is every row."""
        if not self.matched:
            return None
        return [i for i in range(len(self.numbers)) if i not in self.matched]

    def project_columns(self, rows: list[int] | None) -> dict[str, list[Any]]:
        """Project fields (attnames) → values of ``rows`` (None: every row) for a bulk INSERT;
        the investors must all be registered by then."""

        def take(column: list[Any]) -> list[Any]:
            return column if rows is None else [column[i] for i in rows]

        investors = self.investors
        return {
            "code": take(self.columns["code"]),
            "stage": take(self.columns["stage"]),
            **{name: take(self.columns[source]) for name, source in PROJECT_FIELDS.items()},
            "investor_id": list(map(investors.__getitem__, take(self.columns["uscc"]))),
            "lead_unit_id": list(map(UNIT_PK, take(self.columns["lead_unit"]))),
        }


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
        ("planned_investment_wan", wan_converter(factor), False),
        ("is_key", _is_key, True),
        ("stage", _choice(STAGE_BY_LABEL), True),
        ("start_date", date_text, True),
        ("location", _stripped, True),
    ]
    return cleaner, steps


def _filled_rows(
    rows: list[list[Any]], width: int, i_code: int, i_name: int
) -> tuple[list[int], list[list[Any]]]:
    """Sheet row numbers and cells (padded to ``width``) of the rows below the header that are
    not entirely blank."""
    body = rows[1:]
    if any(len(cells) < width for cells in body):
        body = [
            cells if len(cells) >= width else [*cells, *[None] * (width - len(cells))]
            for cells in body
        ]
    codes = [cells[i_code] for cells in body]
    names = [cells[i_name] for cells in body]
    if all(codes) and all(names):  # the usual case: every row has a code and a name
        return list(range(2, len(body) + 2)), body
    numbers: list[int] = []
    kept: list[list[Any]] = []
    for r, (cells, code, name) in enumerate(zip(body, codes, names, strict=True), start=2):
        if code in (None, "") and name in (None, "") and all(c is None or c == "" for c in cells):
            continue
        numbers.append(r)
        kept.append(cells)
    return numbers, kept


def _clean_column(
    values: list[Any], convert: Any, clean: Any, *, repeats: bool
) -> tuple[list[Any], dict[int, list[str]]]:
    """A column of cells → the form field's cleaned values, and the messages of the cells it
    refuses (by position). ``repeats``: the column holds few distinct values (units, stages,
    dates…), each cleaned once — per type and value, so 1 and 1.0 and True stay apart."""
    if repeats:
        try:
            if len(set(map(type, values))) <= 1:
                keys: list[Any] = values
                distinct = {key: key for key in dict.fromkeys(values)}
            else:
                keys = list(zip(map(type, values), values, strict=True))
                distinct = {key: key[1] for key in dict.fromkeys(keys)}
        except TypeError:  # an unhashable cell: clean them one by one
            repeats = False
    if repeats:
        table: dict[Any, tuple[bool, Any]] = {}
        for key, value in distinct.items():
            try:
                table[key] = (True, clean(convert(value)))
            except ValidationError as exc:
                table[key] = (False, exc.messages)
        if all(ok for ok, _result in table.values()):
            good = {key: result for key, (_ok, result) in table.items()}
            return list(map(good.__getitem__, keys)), {}
        outcomes = list(map(table.__getitem__, keys))
    else:
        try:
            return list(map(clean, map(convert, values))), {}
        except ValidationError:
            pass
        outcomes = []
        for value in values:
            try:
                outcomes.append((True, clean(convert(value))))
            except ValidationError as exc:
                outcomes.append((False, exc.messages))
    cleaned = [result if ok else None for ok, result in outcomes]
    failed = {i: result for i, (ok, result) in enumerate(outcomes) if not ok}
    return cleaned, failed


def plan_projects(actor: User, rows: list[list[Any]], today: date) -> Plan:
    """Validate every row (all problems at once) and compare with the registry. The cells are
    cleaned column by column by the registration form's fields; the plan keeps the rows without
    problems, column by column."""
    plan = Plan()
    if not rows:
        raise BookError(f"工作表“{SHEET}”是空的,请使用系统下载的模板")
    cols = locate_columns(SHEET, list(rows[0]), REQUIRED)
    factor = amount_factor(shown(rows[0][cols["计划总投资(万元)"]]).strip()) or Decimal(1)
    cleaner, steps = _pipeline(actor, factor)
    i_code, i_name = cols["项目编号"], cols["项目名称"]
    numbers, body = _filled_rows(rows, max(cols.values()) + 1, i_code, i_name)
    columns: dict[str, list[Any]] = {}
    problems: dict[int, list[tuple[int, str, list[str]]]] = {}  # row → (column, field, messages)
    for name, convert, repeats in steps:
        col = cols[COLUMN_OF[name]]
        cells = [row[col] for row in body]
        columns[name], failed = _clean_column(
            cells, convert, cleaner.function(name), repeats=repeats
        )
        for i, messages in failed.items():
            problems.setdefault(i, []).append((col, name, messages))
    keys = list(zip(columns["uscc"], columns["code"], strict=True))
    if problems or len(set(keys)) < len(keys):
        seen: dict[tuple[str, str], int] = {}
        for i, key in enumerate(keys):
            if i in problems:
                continue
            if key in seen:
                message = f"与第{numbers[seen[key]]}行重复(同一投资方的同一项目编号只能出现一次)"
                problems[i] = [(i_code, "code", [message])]
            else:
                seen[key] = i
    if problems:
        for i in sorted(problems):
            for col, name, messages in sorted(problems[i], key=lambda p: p[0]):
                place = where(SHEET, numbers[i], col + 1, COLUMN_OF[name], body[i][col])
                plan.errors.extend(f"{place}:{message}" for message in messages)
        keep = [i for i in range(len(numbers)) if i not in problems]
        numbers = [numbers[i] for i in keep]
        columns = {name: [values[i] for i in keep] for name, values in columns.items()}
    plan.numbers, plan.columns = numbers, columns
    _compare(actor, plan, cols)
    return plan


def _compare(actor: User, plan: Plan, cols: dict[str, int]) -> None:
    """Match rows with registered investors and projects (prefetched in chunks) and decide."""
    usccs, codes = plan.columns["uscc"], plan.columns["code"]
    distinct = sorted(set(usccs))
    for start in range(0, len(distinct), CHUNK):
        chunk = distinct[start : start + CHUNK]
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

    def fail(i: int, header: str, value: Any, message: str) -> None:
        place = where(SHEET, plan.numbers[i], cols[header] + 1, header, value)
        plan.errors.append(f"{place}:{message}")

    investors, new_investors = plan.investors, plan.new_investors
    names, units, stages = (plan.columns[n] for n in ("investor_name", "lead_unit", "stage"))
    if not existing and all(names):
        # Every row registers a new project and names its investor: each new investor takes the
        # name of its first row (reversed, so that the first row is the one a dict keeps).
        first_names = dict(zip(reversed(usccs), reversed(names), strict=True))
        new_investors.update(
            (uscc, first_names[uscc]) for uscc in sorted(first_names) if uscc not in investors
        )
        return
    for i, key in enumerate(zip(usccs, codes, strict=True)):
        project = existing.get(key) if existing else None
        if project is None:
            uscc = key[0]
            if uscc not in investors:
                if not names[i]:
                    fail(i, "投资方", "", "新的投资方须填写投资方名称")
                    continue
                new_investors.setdefault(uscc, names[i])
            continue
        match = plan.matched[i] = Match(project)
        if project.lead_unit_id not in editable:
            fail(i, "项目编号", codes[i], "该项目属于其他单位,不能导入修改")
            continue
        if project.lead_unit_id != units[i].pk:
            fail(
                i,
                "牵头单位",
                units[i].name,
                f"牵头单位不能通过导入修改(现为{project.lead_unit.name}),"
                "请由招商局在项目页面调整并说明理由",
            )
            continue
        match.changes = {
            name: value for name, value in plan.values(i).items() if getattr(project, name) != value
        }
        stage = stages[i]
        if stage != project.stage:
            if is_backwards(project.stage, stage):
                fail(
                    i,
                    "阶段",
                    str(Stage(stage).label),
                    f"阶段由“{Stage(project.stage).label}”退回“{Stage(stage).label}”"
                    "须在项目页面办理并说明理由",
                )
                continue
            match.stage_change = True
