"""Reads behind the registry pages. Scope always through ``visible_to``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Case, QuerySet, Value, When
from django.shortcuts import get_object_or_404

from zhaoshang.core.events import events_for
from zhaoshang.org.models import Unit
from zhaoshang.projects.models import Evidence, Project, SiteCheckIn


def projects_for(user: Any, year: int) -> QuerySet[Project]:
    """Visible projects with ``is_new`` (新建 in ``year``) derived in the database."""
    return (
        Project.objects.visible_to(user)
        .select_related("lead_unit", "investor")
        .annotate(
            is_new=Case(
                When(start_date__year=year, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
    )


def project_for(user: Any, pk: int) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(user).select_related("lead_unit", "investor"), pk=pk
    )


def editable_project_for(user: Any, pk: int) -> Project:
    """A project the user may change; another unit's project is a 404, never a hint."""
    return get_object_or_404(Project.objects.editable_by(user), pk=pk)


def can_edit(user: Any, project: Project) -> bool:
    return Project.objects.editable_by(user).filter(pk=project.pk).exists()


def lead_unit_choices(user: Any) -> QuerySet[Unit]:
    return Unit.objects.editable_by(user).reporting()


def fixed_unit_for(user: Any) -> Unit | None:
    """Reporters and unit leaders register projects for their own unit only."""
    from zhaoshang.org.models import UNIT_ROLES

    return user.unit if getattr(user, "role", None) in UNIT_ROLES else None


def can_register(user: Any) -> bool:
    return lead_unit_choices(user).exists()


def evidence_for(user: Any, pk: int) -> Evidence:
    return get_object_or_404(
        Evidence.objects.filter(project__in=Project.objects.visible_to(user)), pk=pk
    )


@dataclass
class HistoryEntry:
    when: Any
    who: Any
    kind: str
    changes: list[tuple[str, str, str]]


def _shown(project_field: Any, value: Any) -> str:
    if value is None:
        return ""
    choices = getattr(project_field, "choices", None)
    if choices:
        return str(dict(choices).get(value, value))
    return str(value)


def row_history(project: Project) -> list[HistoryEntry]:
    """Row history (django-simple-history): who, when, and each field before → after."""
    records = list(project.history.select_related("history_user").order_by("history_date"))
    entries: list[HistoryEntry] = []
    previous = None
    for record in records:
        changes: list[tuple[str, str, str]] = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                field = Project._meta.get_field(change.field)
                changes.append(
                    (
                        str(field.verbose_name),
                        _shown(field, change.old),
                        _shown(field, change.new),
                    )
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                kind=record.get_history_type_display(),
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries


def event_log(project: Project) -> QuerySet[Any]:
    return events_for(project).order_by("-pk")


def stage_timeline(project: Project) -> QuerySet[Any]:
    return project.stage_changes.select_related("actor", "checkin").order_by("on", "pk")


def evidence_list(project: Project) -> QuerySet[Evidence]:
    return project.evidence.select_related("uploaded_by").order_by("stage", "-uploaded_at")


def checkins_of(project: Project) -> QuerySet[SiteCheckIn]:
    return project.checkins.select_related("actor").order_by("-at", "-pk")


def checkin_for(user: Any, pk: int) -> SiteCheckIn:
    return get_object_or_404(SiteCheckIn.objects.visible_to(user), pk=pk)


def latest_checkin(project: Project) -> SiteCheckIn | None:
    return project.checkins.order_by("-at", "-pk").first()
