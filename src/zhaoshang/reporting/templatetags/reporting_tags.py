"""Display helpers for the reporting pages (amounts in 万元)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from zhaoshang.core.money import format_wan

register = template.Library()


@register.filter
def wan(yuan: Decimal | None) -> str:
    """Yuan shown in 万元: 252000000 → "25200"; ``None`` → "—"."""
    return "—" if yuan is None else format_wan(yuan)


@register.filter
def status_label(code: str) -> str:
    from zhaoshang.reporting.queries import BOARD_STATUSES

    return dict(BOARD_STATUSES).get(code, code)
