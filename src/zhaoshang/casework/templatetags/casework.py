from __future__ import annotations

from decimal import Decimal

from django import template

from zhaoshang.core.money import format_percent

register = template.Library()


@register.filter
def pct(value: Decimal | None) -> str:
    """A rate for display, half-up to one decimal; "—" when there is nothing to divide."""
    return format_percent(value, 1)
