from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from zhaoshang.assessment.scoring import pts as _pts

register = template.Library()


@register.filter
def pts(value: Any) -> str:
    """Points with two decimals at most, zeros dropped; "—" for none."""
    if value in (None, ""):
        return "—"
    try:
        return _pts(Decimal(str(value)))
    except InvalidOperation:
        return str(value)


@register.filter
def total2(value: Any) -> str:
    """A total as published: always two decimals."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(str(value)):.2f}"
