"""Demo rows for 河东区's foreign trade: 16 trading enterprises (4 already trading last year,
12 with their first import/export record in the first quarter), customs figures for the first
quarter (March as a flash figure first, then the final one), 3 foreign-invested enterprises (2 set
up in the first quarter) and the yuan rates. The first-quarter totals are exactly the speech's:
进出口3770万美元, 出口3502万美元, 12 new traders, 2 new FIEs. Everything goes through the actions."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from zhaoshang.core.periods import Period
from zhaoshang.inspections import actions as inspection_actions
from zhaoshang.inspections.models import Enterprise
from zhaoshang.org.models import Unit, User
from zhaoshang.org.uscc import make_uscc
from zhaoshang.targets.models import Indicator
from zhaoshang.trade import actions
from zhaoshang.trade.indicators import seed_catalogue

TOTAL_USD = Decimal(37_700_000)
EXPORTS_USD = Decimal(35_020_000)
NEW_TRADERS = 12
OLD_TRADERS = 4
NAMES = [
    "临沂鲁港进出口有限公司",
    "山东沂河国际贸易有限公司",
    "临沂华泰木业有限公司",
    "河东金源板材有限公司",
    "临沂恒信五金工具有限公司",
    "山东东方纺织品有限公司",
    "临沂瑞祥食品有限公司",
    "河东鑫达机械有限公司",
    "临沂宏远柳编工艺品有限公司",
    "山东鼎盛新材料有限公司",
    "临沂蒙山农产品有限公司",
    "河东临港跨境电商有限公司",
    "临沂兴业电子有限公司",
    "山东聚力医药有限公司",
    "临沂和顺家居有限公司",
    "河东沂蒙物流有限公司",
]
FIES = [  # (index into NAMES, (years back, month, day) set up, investor's region, contracted, used)
    (12, (1, 9, 18), "韩国", Decimal(3_000_000), Decimal(1_800_000)),  # last September
    (4, (0, 1, 14), "中国香港", Decimal(5_000_000), Decimal(1_200_000)),  # first quarter
    (9, (0, 2, 19), "新加坡", Decimal(2_000_000), Decimal(500_000)),  # first quarter
]


def _split(total: Decimal, weights: list[int]) -> list[Decimal]:
    """Whole dollars in proportion to ``weights``; the last share takes the remainder."""
    whole = sum(weights)
    shares = [(total * w / whole).to_integral_value() for w in weights[:-1]]
    return [*shares, total - sum(shares, Decimal(0))]


def _enterprises(district: Unit, bureau: User, rng: random.Random) -> list[Enterprise]:
    units = list(
        Unit.objects.filter(parent=district, kind=Unit.Kind.UNIT, group__isnull=False).order_by(
            "group__sort_order", "sort_order"
        )
    )[:10]
    found = []
    for index, name in enumerate(NAMES):
        existing = Enterprise.objects.filter(name=name).first()
        if existing is not None:
            found.append(existing)
            continue
        while True:
            body = "91371312MA" + "".join(rng.choice("0123456789ABCDEFGH") for _ in range(7))
            code = make_uscc(body)
            if not Enterprise.objects.filter(uscc=code).exists():
                break
        enterprise = inspection_actions.register_enterprise(
            actor=bureau,
            uscc=code,
            name=name,
            responsible_unit=units[index % len(units)],
            industry=rng.choice(["manufacturing", "logistics", "agriculture", "high_tech"]),
            size=rng.choice(["medium", "small", "small", "micro"]),
            address=f"{district.name}{units[index % len(units)].name}",
        )
        actions.set_trade_profile(
            actor=bureau, enterprise=enterprise, customs_code=f"3713{960000 + index:06d}"
        )
        found.append(enterprise)
    return found


def seed(*, district: Unit, bureau: User, year: int, today: date, rng: random.Random) -> None:
    seed_catalogue(Indicator)  # the migration seeds it; a flushed database may have lost it
    actions.set_usd_rate(actor=bureau, year=year - 1, yuan_per_usd="7.1884", note="上年平均汇率")
    actions.set_usd_rate(actor=bureau, year=year, yuan_per_usd="7.1000", note="年初确定的折算汇率")
    enterprises = _enterprises(district, bureau, rng)
    old, new = enterprises[:OLD_TRADERS], enterprises[OLD_TRADERS : OLD_TRADERS + NEW_TRADERS]
    # Last year: the established traders already had records (so they are not new this year).
    for enterprise in old:
        for month in (11, 12):
            exports = Decimal(rng.randint(200, 900) * 1000)
            actions.record_figure(
                actor=bureau,
                enterprise=enterprise,
                year=year - 1,
                month=month,
                source="final",
                imports_usd=Decimal(rng.randint(10, 90) * 1000),
                exports_usd=exports,
            )
    # This year's first quarter: every new trader starts in January, February or March.
    months = [m for m in (1, 2, 3) if Period(year, m).first_day <= today] or [1]
    first_month = {e.pk: months[i % len(months)] for i, e in enumerate(new)}
    cells = [(e, m) for e in old for m in months]
    cells += [(e, m) for e in new for m in months if m >= first_month[e.pk]]
    exports = _split(EXPORTS_USD, [rng.randint(5, 20) for _ in cells])
    imports = _split(TOTAL_USD - EXPORTS_USD, [rng.randint(5, 20) for _ in cells])
    for (enterprise, month), exp, imp in zip(cells, exports, imports, strict=True):
        if month == months[-1] and len(months) > 1:
            actions.record_figure(
                actor=bureau,
                enterprise=enterprise,
                year=year,
                month=month,
                source="flash",
                imports_usd=imp,
                exports_usd=(exp * Decimal("0.97")).to_integral_value(),
                reason="海关快报",
            )
        actions.record_figure(
            actor=bureau,
            enterprise=enterprise,
            year=year,
            month=month,
            source="final",
            imports_usd=imp,
            exports_usd=exp,
            reason="海关终值",
        )
    for index, (back, month, day_of_month), region, contracted, used in FIES:
        day = date(year - back, month, day_of_month)
        actions.register_foreign_investment(
            actor=bureau,
            enterprise=enterprises[index],
            established_on=day,
            investor_region=region,
            contracted_usd=contracted,
            used_usd=used,
        )
