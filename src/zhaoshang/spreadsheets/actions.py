"""Writing a checked workbook. Each is an ``@action`` (one transaction, explicit actor, permission
re-checked inside, one event for the batch) so an import is all rows or none.

Projects: a big file (100,000 rows) cannot go row by row through ``register_project`` (each row is
several queries and an event), so rows already validated by the registration form's fields are
written in bulk, column by column — investors, projects, their first stage change — with their
row history (``bulk.create_with_history``; updates through simple_history's
``bulk_update_with_history``),
attributed to the uploader with the batch as change reason. Stage
moves of registered projects go one by one through ``projects.actions.change_stage``."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from zhaoshang.bulletins import cache as bulletin_cache
from zhaoshang.core.actions import action
from zhaoshang.core.events import record_event
from zhaoshang.core.permissions import require_role
from zhaoshang.org.models import Role, Unit, User
from zhaoshang.projects import actions as project_actions
from zhaoshang.projects.models import Investor, Project, StageChange
from zhaoshang.projects.queries import can_register
from zhaoshang.spreadsheets import model_book
from zhaoshang.spreadsheets.bulk import create_with_history, insert_columns, sqlite_import_cache
from zhaoshang.spreadsheets.model_book import ModelPlan
from zhaoshang.spreadsheets.models import ImportBatch
from zhaoshang.spreadsheets.project_import import Plan
from zhaoshang.spreadsheets.target_book import TargetPlan
from zhaoshang.targets import actions as target_actions

BATCH_SIZE = 2000


def _reason(batch: ImportBatch) -> str:
    return f"Excel导入(批次{batch.pk})"


@action
def import_projects(*, actor: User, plan: Plan, batch: ImportBatch, today: date) -> dict[str, int]:
    """Write a project plan made by ``project_import.plan_projects`` (which has no errors)."""
    if not can_register(actor):
        raise PermissionDenied("您没有登记项目的权限")
    if plan.errors:
        raise ValidationError(plan.errors)
    editable = set(Unit.objects.editable_by(actor).values_list("pk", flat=True))
    if not editable.issuperset(plan.lead_unit_ids()):
        raise PermissionDenied("不能为本单位以外的单位登记或修改项目")
    reason = _reason(batch)
    now = timezone.now()
    with sqlite_import_cache():
        usccs = sorted(plan.new_investors)
        if usccs:
            ids = create_with_history(
                Investor,
                {"name": [plan.new_investors[u] for u in usccs], "uscc": usccs},
                ("uscc",),
                actor=actor,
                reason=reason,
                now=now,
                constants={"home_region": "", "contact": "", "phone": ""},
            )
            plan.investors.update(zip(usccs, ids, strict=True))
        columns = plan.project_columns(plan.new_rows())
        created = len(columns["code"])
        if created:
            ids = create_with_history(
                Project,
                columns,
                ("investor_id", "code"),
                actor=actor,
                reason=reason,
                now=now,
                constants={"description": "", "created_at": now},
            )
            insert_columns(
                StageChange,
                {"project_id": ids, "to_stage": columns["stage"], "on": columns["start_date"]},
                constants={
                    "from_stage": "",
                    "reason": "登记(Excel导入)",
                    "actor_id": actor.pk,
                    "created_at": now,
                },
            )
    matched = sorted(plan.matched.items())
    changed = [match for _i, match in matched if match.changes]
    if changed:
        fields: set[str] = set()
        for match in changed:
            for name, value in match.changes.items():
                setattr(match.project, name, value)
            fields.update(match.changes)
        bulk_update_with_history(
            [match.project for match in changed],
            Project,
            sorted(fields),
            batch_size=BATCH_SIZE,
            default_user=actor,
            default_change_reason=reason,
            default_date=now,
        )
    bulletin_cache.invalidate()  # the rows above were written without Model.save()
    errors: list[str] = []
    for i, match in matched:
        if not match.stage_change:
            continue
        try:
            project_actions.change_stage(
                actor=actor,
                project=match.project,
                to_stage=plan.columns["stage"][i],
                on=today,
                reason=reason,
            )
        except ValidationError as exc:
            errors.extend(f"工作表“项目台账”第{plan.numbers[i]}行:{m}" for m in exc.messages)
    if errors:
        raise ValidationError(errors)
    counts = {
        "investors": len(usccs),
        "created": created,
        "updated": len(changed) + sum(1 for _i, m in matched if m.stage_change and not m.changes),
    }
    record_event(
        actor=actor,
        verb="spreadsheets.projects_imported",
        subject=batch,
        unit=actor.unit,
        summary=f"Excel导入项目台账:新建{counts['created']}个,更新{counts['updated']}个",
        data=counts,
    )
    return counts


@action
def import_targets(
    *, actor: User, plan: TargetPlan, batch: ImportBatch, today: date
) -> dict[str, int]:
    """New targets get their baseline, changed ones a new version: never an overwrite."""
    require_role(actor, Role.BUREAU, message="只有招商局可以导入目标")
    if plan.errors:
        raise ValidationError(plan.errors)
    errors: list[str] = []
    created = adjusted = 0
    for row in plan.rows:
        try:
            if row.target is None:
                target_actions.set_baseline(actor=actor, **row.kwargs)
                created += 1
            elif row.changed:
                target_actions.adjust_target(actor=actor, target=row.target, **row.kwargs)
                adjusted += 1
        except ValidationError as exc:
            errors.extend(f"工作表“目标”第{row.row}行:{m}" for m in exc.messages)
    if errors:
        raise ValidationError(errors)
    record_event(
        actor=actor,
        verb="spreadsheets.targets_imported",
        subject=batch,
        unit=actor.unit,
        summary=f"Excel导入目标:下达{created}个,调整{adjusted}个",
        data={"created": created, "adjusted": adjusted},
    )
    return {"created": created, "adjusted": adjusted}


@action
def import_model_rows(
    *, actor: User, plan: ModelPlan, batch: ImportBatch, today: date
) -> dict[str, int]:
    """Units, people or investors checked by their ModelForms: created or updated row by row
    (row history through simple_history as the uploader). New people get an unusable password;
    new investors go through ``projects.actions.register_investor``."""
    spec = model_book.SPECS[plan.kind]
    if not spec.may_use(actor):
        raise PermissionDenied(f"您没有导入{spec.sheet}的权限")
    if plan.errors:
        raise ValidationError(plan.errors)
    created = updated = 0
    for row in plan.rows:
        if not row.changed:
            continue
        if row.created and spec is model_book.INVESTORS:
            project_actions.register_investor(actor=actor, **row.form.cleaned_data)
        elif row.created and spec is model_book.PEOPLE:
            person = row.form.save(commit=False)
            person.set_unusable_password()
            person.save()
        else:
            row.form.save()
        if row.created:
            created += 1
        else:
            updated += 1
    record_event(
        actor=actor,
        verb=f"spreadsheets.{plan.kind}_imported",
        subject=batch,
        unit=actor.unit,
        summary=f"Excel导入{spec.sheet}:新建{created}条,更新{updated}条",
        data={"created": created, "updated": updated},
    )
    return {"created": created, "updated": updated}
