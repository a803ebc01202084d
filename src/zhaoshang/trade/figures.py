"""Foreign-trade arithmetic, pure: checks, source precedence, currency conversion, indicator
definitions valid on a date, labelled monthly series and the bulletin's trade section.

No ORM, no I/O; ``mypy --strict``. Amounts are ``Decimal`` US dollars unless a name says yuan.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from zhaoshang.core.money import WAN, percent, round_half_up, strip_zeros
from zhaoshang.core.periods import Period
from zhaoshang.core.ranking import competition_ranks

ZERO = Decimal(0)

# Source of a monthly figure, in order of precedence: customs final beats customs flash beats a
# unit's own report, whatever the order in which they arrived.
FINAL = "final"
FLASH = "flash"
UNIT_REPORT = "unit"
PRECEDENCE: dict[str, int] = {FINAL: 3, FLASH: 2, UNIT_REPORT: 1}


def total_error(imports: Decimal, exports: Decimal, total: Decimal | None) -> str | None:
    """The Chinese message when a figure does not add up or is negative; ``None`` when it is fine."""
    if imports < 0:
        return f"进口额不能为负数(收到 {strip_zeros(imports)})"
    if exports < 0:
        return f"出口额不能为负数(收到 {strip_zeros(exports)})"
    if total is not None and total != imports + exports:
        return (
            f"进出口总额 {strip_zeros(total)} 不等于进口额 {strip_zeros(imports)}"
            f" 与出口额 {strip_zeros(exports)} 之和 {strip_zeros(imports + exports)}"
        )
    return None


def outranks(source: str, version: int, other_source: str, other_version: int) -> bool:
    """Whether (source, version) is the current figure rather than (other_source, other_version):
    the higher source wins; within a source, the later version."""
    return (PRECEDENCE[source], version) > (PRECEDENCE[other_source], other_version)


def to_yuan(usd: Decimal, yuan_per_usd: Decimal) -> Decimal:
    """US dollars converted at the year's rate, rounded half-up to the fen."""
    return round_half_up(usd * yuan_per_usd, 2)


def wan_usd(usd: Decimal) -> str:
    """US dollars shown in 万美元, two decimals at most, trailing zeros dropped: 37700000 → "3770"."""
    return strip_zeros(round_half_up(usd / WAN, 2))


def wan_usd_fixed(usd: Decimal | None) -> str | None:
    """For JSON: 万美元 with exactly two decimals, or ``None``."""
    return None if usd is None else str(round_half_up(usd / WAN, 2))


# --- Indicator definitions with validity --------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Definition:
    code: str
    name: str
    valid_from: date
    valid_to: date | None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


def definition_on(chain: Sequence[Definition], day: date) -> Definition | None:
    """The definition of a chain (an indicator and its successors) valid on ``day``."""
    for item in chain:
        if item.valid_on(day):
            return item
    return None


@dataclass(frozen=True, slots=True)
class SeriesPoint:
    period: Period
    value: int
    code: str | None
    name: str | None
    changed: bool  # the definition differs from the previous point's


def labelled_series(
    values: Sequence[tuple[Period, int]], chain: Sequence[Definition]
) -> list[SeriesPoint]:
    """Monthly values, each with the definition valid at its month's end, and a mark on the first
    month counted under a new definition."""
    points: list[SeriesPoint] = []
    previous: str | None = None
    for index, (period, value) in enumerate(values):
        found = definition_on(chain, period.last_day)
        code = found.code if found else None
        points.append(
            SeriesPoint(
                period=period,
                value=value,
                code=code,
                name=found.name if found else None,
                changed=index > 0 and code != previous,
            )
        )
        previous = code
    return points


# --- The bulletin's trade section --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Counted:
    """A count under the definition valid for the period, named by it."""

    code: str | None
    name: str | None
    count: int
    series: tuple[SeriesPoint, ...]

    @property
    def changes(self) -> tuple[SeriesPoint, ...]:
        return tuple(p for p in self.series if p.changed)


@dataclass(frozen=True, slots=True)
class UnitTradeInput:
    code: str
    name: str
    group_code: str
    total_usd: Decimal
    exports_usd: Decimal
    target_usd: Decimal | None


@dataclass(frozen=True, slots=True)
class UnitTrade:
    code: str
    name: str
    group_code: str
    total_usd: Decimal
    exports_usd: Decimal
    share_pct: Decimal | None
    target_usd: Decimal | None
    completion_pct: Decimal | None
    rank: int | None


@dataclass(frozen=True, slots=True)
class TradeInput:
    period: Period
    monthly_total_usd: tuple[Decimal, ...]  # months 1..N of the year, current figures
    monthly_exports_usd: tuple[Decimal, ...]
    previous_month_total_usd: Decimal | None  # December last year for a January bulletin
    last_year_ytd_total_usd: Decimal | None  # None: no figures at all last year
    target_usd: Decimal | None
    new_traders: Counted
    new_fies: Counted
    units: tuple[UnitTradeInput, ...]


@dataclass(frozen=True, slots=True)
class TradeSection:
    period: Period
    total_usd: Decimal
    exports_usd: Decimal
    imports_usd: Decimal
    month_total_usd: Decimal
    month_on_month_pct: Decimal | None
    year_on_year_pct: Decimal | None
    target_usd: Decimal | None
    completion_pct: Decimal | None
    new_traders: Counted
    new_fies: Counted
    units: tuple[UnitTrade, ...]
    monthly_total_usd: tuple[Decimal, ...]

    @property
    def empty(self) -> bool:
        return self.total_usd == 0 and self.new_traders.count == 0 and self.new_fies.count == 0


def _change(now: Decimal, before: Decimal | None) -> Decimal | None:
    return None if before is None else percent(now - before, before)


def compute_trade(data: TradeInput) -> TradeSection:
    total = sum(data.monthly_total_usd, ZERO)
    exports = sum(data.monthly_exports_usd, ZERO)
    month_total = data.monthly_total_usd[-1] if data.monthly_total_usd else ZERO
    previous: Decimal | None
    if data.period.month > 1:
        previous = data.monthly_total_usd[-2]
    else:
        previous = data.previous_month_total_usd
    ranks: dict[str, int | None] = {}
    by_group: dict[str, list[UnitTradeInput]] = {}
    for unit in data.units:
        by_group.setdefault(unit.group_code, []).append(unit)
    for members in by_group.values():
        scores = [(u.code, u.total_usd if u.total_usd > 0 else None) for u in members]
        ranks.update(competition_ranks(scores))
    units = tuple(
        UnitTrade(
            code=u.code,
            name=u.name,
            group_code=u.group_code,
            total_usd=u.total_usd,
            exports_usd=u.exports_usd,
            share_pct=percent(u.total_usd, total),
            target_usd=u.target_usd,
            completion_pct=percent(u.total_usd, u.target_usd) if u.target_usd else None,
            rank=ranks.get(u.code),
        )
        for u in data.units
    )
    return TradeSection(
        period=data.period,
        total_usd=total,
        exports_usd=exports,
        imports_usd=total - exports,
        month_total_usd=month_total,
        month_on_month_pct=_change(month_total, previous),
        year_on_year_pct=_change(total, data.last_year_ytd_total_usd),
        target_usd=data.target_usd,
        completion_pct=percent(total, data.target_usd) if data.target_usd else None,
        new_traders=data.new_traders,
        new_fies=data.new_fies,
        units=units,
        monthly_total_usd=data.monthly_total_usd,
    )
