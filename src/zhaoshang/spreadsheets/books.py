"""The kinds of registry workbook that can be uploaded, and who may upload each."""

from __future__ import annotations

from typing import Any

from zhaoshang.core.permissions import is_bureau
from zhaoshang.projects.queries import can_register
from zhaoshang.spreadsheets import actions, model_book, project_book, project_import, target_book
from zhaoshang.spreadsheets.registry import Book, register
from zhaoshang.spreadsheets.sheets import Outcome


def _describe_projects(plan: project_import.Plan, outcome: Outcome) -> None:
    outcome.errors.extend(plan.errors)
    codes, names = plan.columns.get("code", []), plan.columns.get("name", [])
    if not plan.matched:
        outcome.created.extend(map("{} {}".format, codes, names))
        return
    for i, label in enumerate(map("{} {}".format, codes, names)):
        match = plan.matched.get(i)
        if match is None:
            outcome.created.append(label)
        elif match.changes or match.stage_change:
            outcome.updated.append(label)
        else:
            outcome.unchanged.append(label)


def _may_upload_projects(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and can_register(user)


PROJECTS = register(
    Book(
        kind="projects",
        title="项目台账",
        sheet=project_book.SHEET,
        may_upload=_may_upload_projects,
        plan=project_import.plan_projects,
        describe=_describe_projects,
        apply=actions.import_projects,
    )
)


def _describe_targets(plan: target_book.TargetPlan, outcome: Outcome) -> None:
    outcome.errors.extend(plan.errors)
    for row in plan.rows:
        if row.target is None:
            outcome.created.append(f"{row.label}:托底数")
        elif row.changed:
            outcome.updated.append(f"{row.label}:调指标")
        else:
            outcome.unchanged.append(row.label)


TARGETS = register(
    Book(
        kind="targets",
        title="目标",
        sheet=target_book.SHEET,
        may_upload=is_bureau,
        plan=target_book.plan_targets,
        describe=_describe_targets,
        apply=actions.import_targets,
    )
)


def _describe_rows(plan: model_book.ModelPlan, outcome: Outcome) -> None:
    outcome.errors.extend(plan.errors)
    for row in plan.rows:
        if row.created:
            outcome.created.append(row.label)
        elif row.changed:
            outcome.updated.append(row.label)
        else:
            outcome.unchanged.append(row.label)


def _planner(spec: model_book.Spec) -> Any:
    def plan(actor: Any, rows: list[list[Any]], today: Any) -> model_book.ModelPlan:
        return model_book.plan_rows(spec, actor, rows, today)

    return plan


for _spec in model_book.SPECS.values():
    register(
        Book(
            kind=_spec.kind,
            title=_spec.sheet,
            sheet=_spec.sheet,
            may_upload=_spec.may_use,
            plan=_planner(_spec),
            describe=_describe_rows,
            apply=actions.import_model_rows,
        )
    )
