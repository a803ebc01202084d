"""Charts for the documents (matplotlib, Agg) from the same numbers the web charts use."""

from __future__ import annotations

import io
import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib import pyplot as plt

from zhaoshang.bulletins.render.fonts import chart_font

_registered: dict[str, str] = {}


def _family() -> str:
    key = str(chart_font())
    if key not in _registered:
        font_manager.fontManager.addfont(key)
        _registered[key] = font_manager.FontProperties(fname=key).get_name()
    return _registered[key]


def _png(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=120, metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def monthly_chart(chart: dict[str, Any]) -> bytes:
    """利用市外资金(万元, 分月): one bar per month, from ``views.chart_data``."""
    return _monthly(_key({"months": chart["months"], "monthly": chart["monthly"]}))


@lru_cache(maxsize=32)
def _monthly(key: str) -> bytes:
    chart = json.loads(key)
    family = _family()
    values = [float(Decimal(v or "0")) for v in chart["monthly"]]
    fig, ax = plt.subplots(figsize=(6.1, 2.6))
    bars = ax.bar(chart["months"], values, color="#b22222")
    ax.bar_label(bars, labels=chart["monthly"], fontsize=8, family=family)
    ax.set_title("利用市外资金(万元,分月)", family=family, fontsize=11)
    for label in ax.get_xticklabels():
        label.set_family(family)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig)


def completion_chart(group: dict[str, Any]) -> bytes | None:
    """One group's completion % as horizontal bars (units without a target are not drawn)."""
    if not group["units"]:
        return None
    return _completion(_key(group))


@lru_cache(maxsize=32)
def _completion(key: str) -> bytes:
    group = json.loads(key)
    family = _family()
    values = [float(Decimal(v)) for v in group["completion"]]
    height = max(1.6, 0.32 * len(values) + 0.9)
    fig, ax = plt.subplots(figsize=(6.1, height))
    bars = ax.barh(group["units"][::-1], values[::-1], color="#1f4e79")
    ax.bar_label(bars, labels=[f"{v}%" for v in group["completion"][::-1]], fontsize=8)
    ax.set_title(f"{group['name']}目标完成率(%)", family=family, fontsize=11)
    for label in ax.get_yticklabels():
        label.set_family(family)
        label.set_fontsize(8)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return _png(fig)
