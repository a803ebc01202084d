"""Show a target value in the unit it is typed in: 万元 for money indicators."""

from __future__ import annotations

from decimal import Decimal

from django import template

from zhaoshang.core.money import format_wan, strip_zeros
from zhaoshang.targets.models import Indicator, Measure

register = template.Library()


@register.filter
def target_value(value: Decimal | None, indicator: Indicator) -> str:
    if value is None:
        return "—"
    if indicator.measure in {Measure.YUAN, Measure.USD}:
        return format_wan(value)
    return strip_zeros(value)


@register.filter
def value_unit(indicator: Indicator) -> str:
    return {Measure.YUAN: "万元", Measure.USD: "万美元"}.get(indicator.measure, "个")
