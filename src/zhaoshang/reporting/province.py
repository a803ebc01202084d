"""The province's (or city's) ranking of its counties: funds from outside the city (到位市外资金:
市外省内 + 省外 + 境外) in place in the year to date by verified returns, completion against the
target the province issued to each county, and the rank by completion — one statement, aggregated
and ranked by the database (a window function), whatever the number of counties. It sums the
month's funds each return keeps of its lines (``UnitReturn.sum_*``): a row per unit and month, so
the cost follows the province's units, not its projects.

The statement is written out (``RANKING_SQL``) rather than built by the ORM, which repeats a
correlated subquery in every expression that uses its result; written once as CTEs, each county's
sum is computed once, and the benchmark (benchmarks/bench_province.py) hands the very same text to
DuckDB over the same rows exported to Parquet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection

from zhaoshang.core.periods import Period
from zhaoshang.org.models import Unit
from zhaoshang.reporting.models import ReportingPeriod, UnitReturn
from zhaoshang.targets.models import Indicator, Issuer, Target

CENT = Decimal("0.01")

RANKING_SQL = """
WITH funds AS (
    SELECT p.district_id AS county_id,
           SUM(r.sum_within_province_yuan + r.sum_outside_province_yuan
               + r.sum_abroad_yuan) AS funds
    FROM {unit_return} r
    JOIN {period} p ON p.id = r.period_id
    JOIN {unit} c ON c.id = p.district_id
    WHERE c.parent_id = %(parent)s AND p.year = %(year)s AND p.month <= %(month)s
      AND r.status = %(verified)s
    GROUP BY p.district_id
), targets AS (
    SELECT t.unit_id AS county_id, t.current_value AS target
    FROM {target} t JOIN {indicator} i ON i.id = t.indicator_id
    WHERE i.code = %(indicator)s AND t.issuer = %(issuer)s AND t.year = %(year)s
), counties AS (
    SELECT c.id, c.code, c.name, c.sort_order, COALESCE(f.funds, 0) AS funds, t.target,
           CASE WHEN t.target > 0
                THEN CAST(COALESCE(f.funds, 0) AS DOUBLE PRECISION)
                     / CAST(t.target AS DOUBLE PRECISION)
           END AS completion
    FROM {unit} c
    LEFT JOIN funds f ON f.county_id = c.id
    LEFT JOIN targets t ON t.county_id = c.id
    WHERE c.parent_id = %(parent)s AND c.kind = %(district)s AND c.active = %(active)s
)
SELECT id, code, name, funds, target,
       RANK() OVER (ORDER BY completion DESC NULLS LAST) AS rank
FROM counties
ORDER BY completion DESC NULLS LAST, sort_order, code
"""
TABLES = {
    "unit_return": UnitReturn,
    "period": ReportingPeriod,
    "unit": Unit,
    "target": Target,
    "indicator": Indicator,
}


@dataclass(frozen=True)
class CountyStanding:
    unit_id: int
    code: str
    name: str
    funds_yuan: Decimal
    target_yuan: Decimal | None  # None: no target issued (shown as "—", not ranked)
    rank: int | None  # competition rank by completion; None without a (non-zero) target

    @property
    def completion(self) -> Decimal | None:
        """Funds / target, unrounded (rounding is for display)."""
        if not self.target_yuan:
            return None
        return self.funds_yuan / self.target_yuan


def ranking_sql(tables: dict[str, str] | None = None) -> str:
    """The statement with the given table names (default: this database's)."""
    names = tables or {key: model._meta.db_table for key, model in TABLES.items()}
    return RANKING_SQL.format(**names)


def ranking_params(parent_id: int, period: Period, issuer: str = Issuer.PROVINCE) -> dict[str, Any]:
    return {
        "parent": parent_id,
        "year": period.year,
        "month": period.month,
        "verified": UnitReturn.Status.VERIFIED.value,
        "indicator": settings.ZHAOSHANG["FUNDS_INDICATOR"],
        "issuer": str(issuer),
        "district": Unit.Kind.DISTRICT.value,
        "active": True,
    }


def _money(value: Any) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def county_ranking(
    parent: Unit, period: Period, *, issuer: str = Issuer.PROVINCE
) -> list[CountyStanding]:
    """Every active county (district) under ``parent``, best completion first; counties without a
    target (or with a zero target) come last, unranked. Ties share a rank, the next is skipped."""
    with connection.cursor() as cursor:
        cursor.execute(ranking_sql(), ranking_params(parent.pk, period, issuer))
        rows = cursor.fetchall()
    return [
        CountyStanding(
            unit_id=pk,
            code=code,
            name=name,
            funds_yuan=_money(funds),
            target_yuan=None if target is None else _money(target),
            rank=rank if target else None,
        )
        for pk, code, name, funds, target, rank in rows
    ]
