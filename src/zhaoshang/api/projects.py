"""API router: projects. Authentication is set once on the NinjaAPI (api/urls.py) and inherited.

Every write goes through projects.actions; rows outside the caller's scope answer 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import F, Sum
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from zhaoshang.api.schemas import READ_ERRORS, WRITE_ERRORS, UnitRef, get_visible, yuan
from zhaoshang.org.models import Unit
from zhaoshang.projects import actions
from zhaoshang.projects.models import Project, StageChange
from zhaoshang.reporting.models import ReturnLine, UnitReturn

router = Router(tags=["projects"])


class InvestorOut(Schema):
    id: int
    name: str
    uscc: str


class ProjectOut(Schema):
    id: int
    code: str
    name: str
    investor: InvestorOut
    lead_unit: UnitRef
    origin: str
    industry: str
    planned_investment_yuan: str
    is_key: bool
    stage: str
    start_date: date
    location: str

    @staticmethod
    def resolve_planned_investment_yuan(obj: Project) -> str | None:
        return yuan(obj.planned_investment_yuan)


class StageOut(Schema):
    from_stage: str
    to_stage: str
    on: date
    reason: str


class ProgressOut(Schema):
    """A verified month: funds in place by source and investment completed, in yuan."""

    year: int
    month: int
    funds_within_province_yuan: str
    funds_outside_province_yuan: str
    funds_abroad_yuan: str
    investment_completed_yuan: str
    stage: str


class ProjectDetailOut(ProjectOut):
    description: str
    stages: list[StageOut]
    progress: list[ProgressOut]
    funds_total_yuan: str


class ProjectIn(Schema):
    lead_unit_id: int
    uscc: str
    investor_name: str = ""
    code: str
    name: str
    origin: str
    industry: str
    planned_investment_yuan: str = Field(description='元,十进制字符串,如 "50000000"')
    start_date: date
    stage: str = "negotiating"
    stage_date: date | None = None
    is_key: bool = False
    location: str = ""
    description: str = ""


class ProjectPatch(Schema):
    name: str | None = None
    origin: str | None = None
    industry: str | None = None
    planned_investment_yuan: str | None = None
    is_key: bool | None = None
    location: str | None = None
    description: str | None = None
    start_date: date | None = None


class StageIn(Schema):
    to_stage: str
    on: date
    reason: str = ""


def _projects(request: HttpRequest) -> Any:
    return Project.objects.visible_to(request.auth).select_related("investor", "lead_unit")


def _detail(project: Project) -> Project:
    lines = (
        ReturnLine.objects.filter(project=project, unit_return__status=UnitReturn.Status.VERIFIED)
        .annotate(year=F("unit_return__period__year"), month=F("unit_return__period__month"))
        .order_by("year", "month")
    )
    totals = lines.aggregate(
        a=Sum("funds_within_province_yuan"),
        b=Sum("funds_outside_province_yuan"),
        c=Sum("funds_abroad_yuan"),
    )
    project.stages = list(StageChange.objects.filter(project=project).order_by("on", "pk"))
    project.progress = [
        {
            "year": line.year,
            "month": line.month,
            "stage": line.stage,
            **{
                name: yuan(getattr(line, name))
                for name in (
                    "funds_within_province_yuan",
                    "funds_outside_province_yuan",
                    "funds_abroad_yuan",
                    "investment_completed_yuan",
                )
            },
        }
        for line in lines
    ]
    project.funds_total_yuan = yuan(sum((v for v in totals.values() if v is not None), start=0))
    return project


@router.get("", response={200: list[ProjectOut], **READ_ERRORS}, summary="项目列表")
def list_projects(
    request: HttpRequest,
    unit: int | None = None,
    stage: str | None = None,
    year: int | None = Query(None, ge=1900, le=2100),  # year 0 made a 500 (schemathesis)
) -> Any:
    """Visible projects, filtered by lead unit id, current stage, or year of start date."""
    projects = _projects(request)
    if unit is not None:
        projects = projects.filter(lead_unit_id=unit)
    if stage:
        projects = projects.filter(stage=stage)
    if year is not None:
        projects = projects.filter(start_date__year=year)
    return projects


@router.get("/{project_id}", response={200: ProjectDetailOut, **READ_ERRORS}, summary="项目详情")
def project_detail(request: HttpRequest, project_id: int) -> Any:
    """A project with its dated stage history and its verified monthly progress."""
    return _detail(get_visible(_projects(request), project_id))


@router.post("", response={201: ProjectDetailOut, **WRITE_ERRORS}, summary="登记项目")
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    """Register a project; the investor is found by USCC or registered with ``investor_name``."""
    data = payload.dict()
    unit = get_visible(Unit.objects.visible_to(request.auth), data.pop("lead_unit_id"))
    project = actions.register_project_for_investor(
        actor=request.auth,
        lead_unit=unit,
        uscc=data.pop("uscc"),
        investor_name=data.pop("investor_name"),
        **data,
    )
    return 201, _detail(project)


@router.patch("/{project_id}", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="修改项目")
def update_project(request: HttpRequest, project_id: int, payload: ProjectPatch) -> Any:
    """Change registry fields; fields left out are not changed."""
    project = get_visible(_projects(request), project_id)
    changes = payload.dict(exclude_unset=True)
    project = actions.update_project(actor=request.auth, project=project, **changes)
    return _detail(project)


@router.post(
    "/{project_id}/stage", response={200: ProjectDetailOut, **WRITE_ERRORS}, summary="变更阶段"
)
def change_stage(request: HttpRequest, project_id: int, payload: StageIn) -> Any:
    """Move a project to another stage on a date; going backwards needs a reason."""
    project = get_visible(_projects(request), project_id)
    actions.change_stage(
        actor=request.auth,
        project=project,
        to_stage=payload.to_stage,
        on=payload.on,
        reason=payload.reason,
    )
    return _detail(get_visible(_projects(request), project_id))
