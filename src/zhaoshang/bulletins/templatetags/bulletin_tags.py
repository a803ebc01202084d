"""Display filters for bulletin figures (rounding half-up happens here, from unrounded values)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from zhaoshang.bulletins.narrative import signed_points
from zhaoshang.core.money import format_percent, format_wan

register = template.Library()


@register.filter
def wan(yuan: Decimal | None) -> str:
    return "—" if yuan is None else format_wan(yuan)


@register.filter
def pct(value: Decimal | None) -> str:
    return format_percent(value)


@register.filter
def points(value: Decimal | None) -> str:
    return signed_points(value)


@register.filter
def signed_wan(yuan: Decimal | None) -> str:
    if yuan is None:
        return "—"
    return ("+" if yuan > 0 else "") + format_wan(yuan)


@register.filter
def stage_label(value: str | None) -> str:
    from zhaoshang.projects.models import Stage

    return str(Stage(value).label) if value in Stage.values else "—"
