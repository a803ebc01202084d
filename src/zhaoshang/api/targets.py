"""API router: targets. Authentication is set once on the NinjaAPI (api/urls.py) and inherited.

Reading follows the pages' scope; setting a baseline and adjusting are for the bureau only
(targets.actions decides)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpRequest
from ninja import Field, Router, Schema

from zhaoshang.api.schemas import READ_ERRORS, WRITE_ERRORS, UnitRef, get_visible, yuan
from zhaoshang.org.models import Unit
from zhaoshang.targets import actions
from zhaoshang.targets.models import Indicator, Target, TargetVersion

router = Router(tags=["targets"])


class VersionOut(Schema):
    number: int
    kind: str
    value: str
    reason: str
    author: str | None
    created_at: datetime

    @staticmethod
    def resolve_value(obj: TargetVersion) -> str | None:
        return yuan(obj.value)

    @staticmethod
    def resolve_author(obj: TargetVersion) -> str | None:
        return obj.author.username if obj.author else None


class TargetOut(Schema):
    id: int
    year: int
    issuer: str
    indicator: str
    measure: str
    unit: UnitRef
    original_value: str | None
    current_value: str
    versions: list[VersionOut]

    @staticmethod
    def resolve_indicator(obj: Target) -> str:
        return obj.indicator.code

    @staticmethod
    def resolve_measure(obj: Target) -> str:
        return obj.indicator.measure

    @staticmethod
    def resolve_original_value(obj: Target) -> str | None:
        versions = list(obj.versions.all())
        return yuan(versions[0].value) if versions else None

    @staticmethod
    def resolve_current_value(obj: Target) -> str | None:
        return yuan(obj.current_value)

    @staticmethod
    def resolve_versions(obj: Target) -> list[TargetVersion]:
        return list(obj.versions.all())


class BaselineIn(Schema):
    unit_id: int
    indicator: str = Field(description="指标代码,如 outside_funds")
    issuer: str = "district"
    year: int
    value: str = Field(description="目标值,按指标计量单位(元)的十进制字符串")
    reason: str = "年初下达"


class AdjustIn(Schema):
    value: str
    reason: str


def _targets(request: HttpRequest) -> Any:
    versions = TargetVersion.objects.select_related("author").order_by("number")
    return (
        Target.objects.visible_to(request.auth)
        .select_related("indicator", "unit")
        .prefetch_related(Prefetch("versions", queryset=versions))
    )


@router.get("", response={200: list[TargetOut], **READ_ERRORS}, summary="目标列表")
def list_targets(
    request: HttpRequest, year: int, indicator: str | None = None, unit: int | None = None
) -> Any:
    """Targets of a year with the original (托底数) and current value and every version."""
    targets = _targets(request).filter(year=year)
    if indicator:
        targets = targets.filter(indicator__code=indicator)
    if unit is not None:
        targets = targets.filter(unit_id=unit)
    return targets


@router.get("/{target_id}", response={200: TargetOut, **READ_ERRORS}, summary="目标详情")
def target_detail(request: HttpRequest, target_id: int) -> Any:
    return get_visible(_targets(request), target_id)


@router.post("", response={201: TargetOut, **WRITE_ERRORS}, summary="下达目标(托底数)")
def set_baseline(request: HttpRequest, payload: BaselineIn) -> Any:
    unit = get_visible(Unit.objects.visible_to(request.auth), payload.unit_id)
    indicator = Indicator.objects.filter(code=payload.indicator).first()
    if indicator is None:
        raise ValidationError({"indicator": f"指标“{payload.indicator}”不存在"})
    target = actions.set_baseline(
        actor=request.auth,
        indicator=indicator,
        issuer=payload.issuer,
        year=payload.year,
        unit=unit,
        value=payload.value,
        reason=payload.reason,
    )
    return 201, get_visible(_targets(request), target.pk)


@router.post("/{target_id}/adjust", response={200: TargetOut, **WRITE_ERRORS}, summary="调指标")
def adjust(request: HttpRequest, target_id: int, payload: AdjustIn) -> Any:
    target = get_visible(_targets(request), target_id)
    actions.adjust_target(
        actor=request.auth, target=target, value=payload.value, reason=payload.reason
    )
    return get_visible(_targets(request), target_id)
