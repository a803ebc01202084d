"""The trade indicators in the targets app's catalogue (targets.Indicator, with validity periods
and successors), and how each definition is counted.

The catalogue rows are data (a migration seeds them; the admin may edit names and dates); the
counting rule of each code is here."""

from __future__ import annotations

from datetime import date
from typing import Any

from zhaoshang.trade.figures import Definition

TOTAL = "trade_total"
EXPORTS = "trade_exports"
EXPORT_RIGHTS = "new_export_rights"
FIRST_RECORD = "new_trade_record"
FIE_APPROVED = "new_approved_fie"
FIE_ESTABLISHED = "new_established_fie"

# The first definition of each counted chain; the chain follows ``successor``.
NEW_TRADERS = EXPORT_RIGHTS
NEW_FIES = FIE_APPROVED

CATALOGUE: list[dict[str, Any]] = [
    {
        "code": TOTAL,
        "name": "进出口总额",
        "measure": "usd",
        "valid_from": date(2000, 1, 1),
        "description": "辖区企业进口额与出口额之和(美元),以海关数据为准,终值优先于快报。",
    },
    {
        "code": EXPORTS,
        "name": "出口总额",
        "measure": "usd",
        "valid_from": date(2000, 1, 1),
        "description": "辖区企业出口额(美元)。",
    },
    {
        "code": FIRST_RECORD,
        "name": "新增有进出口实绩企业",
        "measure": "count",
        "valid_from": date(2022, 12, 30),
        "description": "首次产生进出口实绩(海关数据进出口额大于零)的企业数。",
    },
    {
        "code": EXPORT_RIGHTS,
        "name": "新增自营出口获权企业",
        "measure": "count",
        "valid_from": date(2004, 7, 1),
        "valid_to": date(2022, 12, 29),
        "successor": FIRST_RECORD,
        "description": "办理对外贸易经营者备案登记的企业数;该登记自2022年12月30日起取消。",
    },
    {
        "code": FIE_ESTABLISHED,
        "name": "新设立外商投资企业",
        "measure": "count",
        "valid_from": date(2020, 1, 1),
        "description": "《外商投资法》施行后按信息报告设立的外商投资企业数(按设立日期)。",
    },
    {
        "code": FIE_APPROVED,
        "name": "新批利用外资企业",
        "measure": "count",
        "valid_from": date(1979, 7, 1),
        "valid_to": date(2019, 12, 31),
        "successor": FIE_ESTABLISHED,
        "description": "经审批设立的外商投资企业数(按批准日期);2020年起改为备案/信息报告。",
    },
]


def seed_catalogue(indicator_model: Any) -> None:
    """Create the trade indicators that are missing (used by the migration and by tests)."""
    for item in CATALOGUE:
        values = {k: v for k, v in item.items() if k not in ("code", "successor")}
        if "successor" in item:
            values["successor"] = indicator_model.objects.get(code=item["successor"])
        indicator_model.objects.get_or_create(code=item["code"], defaults=values)


def chain(root: str) -> list[Definition]:
    """A definition and its successors, as read from the catalogue now."""
    from zhaoshang.targets.models import Indicator

    found: list[Definition] = []
    seen: set[str] = set()
    indicator = Indicator.objects.filter(code=root).select_related("successor").first()
    while indicator is not None and indicator.code not in seen:
        seen.add(indicator.code)
        found.append(
            Definition(indicator.code, indicator.name, indicator.valid_from, indicator.valid_to)
        )
        indicator = indicator.successor
    return found
