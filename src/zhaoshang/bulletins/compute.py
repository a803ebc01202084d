"""The bulletin's pure core: figures in, figures out. No ORM, no I/O, Decimal only.

``queries.py`` gathers a :class:`BulletinInput` from the database (already grouped there);
:func:`compute` turns it into a :class:`Bulletin`; ``narrative.py`` and ``document.py`` say it.
All values stay unrounded here; rounding (half-up) happens only when a figure is displayed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from zhaoshang.bulletins.service import ServiceSection
from zhaoshang.core.money import percent
from zhaoshang.core.periods import Period
from zhaoshang.core.ranking import competition_ranks, top_n
from zhaoshang.trade.figures import TradeSection

ZERO = Decimal(0)

NOT_REPORTED = "not_reported"
RESULTS = "results"
NEGOTIATING_ONLY = "negotiating_only"
NO_ACTION = "no_action"
STATUSES = (RESULTS, NEGOTIATING_ONLY, NO_ACTION, NOT_REPORTED)


@dataclass(frozen=True, slots=True)
class Funds:
    """Outside funds in place, by source (市外省内 / 省外 / 境外), in yuan."""

    within_province: Decimal = ZERO
    outside_province: Decimal = ZERO
    abroad: Decimal = ZERO

    @property
    def total(self) -> Decimal:
        return self.within_province + self.outside_province + self.abroad

    def __add__(self, other: Funds) -> Funds:
        return Funds(
            self.within_province + other.within_province,
            self.outside_province + other.outside_province,
            self.abroad + other.abroad,
        )


@dataclass(frozen=True, slots=True)
class ProjectCounts:
    """Counted projects (各类招商引资项目) split new / continuing, plus stage counts at month end."""

    counted: int = 0
    new: int = 0
    continuing: int = 0
    negotiating: int = 0
    started_ytd: int = 0
    by_stage: tuple[tuple[str, int], ...] = ()

    def __add__(self, other: ProjectCounts) -> ProjectCounts:
        stages: dict[str, int] = dict(self.by_stage)
        for stage, count in other.by_stage:
            stages[stage] = stages.get(stage, 0) + count
        return ProjectCounts(
            self.counted + other.counted,
            self.new + other.new,
            self.continuing + other.continuing,
            self.negotiating + other.negotiating,
            self.started_ytd + other.started_ytd,
            tuple(sorted(stages.items())),
        )


@dataclass(frozen=True, slots=True)
class GroupInput:
    code: str
    name: str
    noun: str = "单位"


@dataclass(frozen=True, slots=True)
class UnitInput:
    unit_id: int
    code: str
    name: str
    group_code: str
    # Verified funds of this year by month (1..12); months without a verified return are absent.
    monthly: tuple[tuple[int, Funds], ...] = ()
    # Verified funds of last year by month.
    monthly_last_year: tuple[tuple[int, Funds], ...] = ()
    verified_this_month: bool = False
    target: Decimal | None = None
    projects: ProjectCounts = field(default_factory=ProjectCounts)


@dataclass(frozen=True, slots=True)
class BulletinInput:
    period: Period
    district_name: str
    groups: tuple[GroupInput, ...]
    units: tuple[UnitInput, ...]
    city_rank: int | None = None
    district_target: Decimal | None = None
    last_year_has_period: bool = False
    previous_month_has_period: bool = False
    fastest_per_group: int = 2
    trade: TradeSection | None = None  # computed by trade (pure); None: no trade data
    service: ServiceSection | None = None  # bulletins.service; None: nothing to report


@dataclass(frozen=True, slots=True)
class UnitRow:
    unit_id: int
    code: str
    name: str
    group_code: str
    status: str
    funds_ytd: Funds
    funds_month: Decimal
    month_on_month: Decimal | None
    target: Decimal | None
    completion_pct: Decimal | None
    gap_pp: Decimal | None
    rank: int | None
    projects: ProjectCounts


@dataclass(frozen=True, slots=True)
class GroupResult:
    code: str
    name: str
    noun: str
    units: tuple[UnitRow, ...]
    funds_ytd: Funds
    projects: ProjectCounts
    target: Decimal | None

    def count(self, status: str) -> int:
        return sum(1 for row in self.units if row.status == status)


@dataclass(frozen=True, slots=True)
class Lists:
    fastest: tuple[UnitRow, ...]
    no_results: tuple[UnitRow, ...]
    negotiating_only: tuple[UnitRow, ...]
    not_reported: tuple[UnitRow, ...]
    behind: tuple[UnitRow, ...]


@dataclass(frozen=True, slots=True)
class Totals:
    projects: ProjectCounts
    funds_ytd: Funds
    funds_month: Decimal
    funds_previous_month: Decimal | None
    month_on_month: Decimal | None
    month_on_month_pct: Decimal | None
    funds_last_year_ytd: Decimal | None
    year_on_year_pct: Decimal | None
    target: Decimal | None
    completion_pct: Decimal | None
    time_progress_pct: Decimal
    gap_pp: Decimal | None
    city_rank: int | None
    monthly_funds: tuple[Decimal, ...]


@dataclass(frozen=True, slots=True)
class Bulletin:
    period: Period
    district_name: str
    totals: Totals
    groups: tuple[GroupResult, ...]
    lists: Lists
    trade: TradeSection | None = None
    service: ServiceSection | None = None

    @property
    def has_returns(self) -> bool:
        return any(row.status != NOT_REPORTED for group in self.groups for row in group.units)


def sum_funds(items: list[Funds]) -> Funds:
    total = Funds()
    for item in items:
        total = total + item
    return total


def ytd(monthly: tuple[tuple[int, Funds], ...], month: int) -> Funds:
    return sum_funds([funds for m, funds in monthly if 1 <= m <= month])


def in_month(monthly: tuple[tuple[int, Funds], ...], month: int) -> Funds:
    return sum_funds([funds for m, funds in monthly if m == month])


def time_progress_pct(period: Period) -> Decimal:
    return period.time_progress() * Decimal(100)


def classify(*, reported: bool, funds_ytd: Decimal, started_ytd: int, negotiating: int) -> str:
    """Exactly one of the four statuses (DOMAIN.md §3)."""
    if not reported:
        return NOT_REPORTED
    if funds_ytd > 0 or started_ytd > 0:
        return RESULTS
    if negotiating > 0:
        return NEGOTIATING_ONLY
    return NO_ACTION


def _previous_month_funds(unit: UnitInput, month: int) -> Decimal:
    if month == 1:
        return in_month(unit.monthly_last_year, 12).total
    return in_month(unit.monthly, month - 1).total


def _unit_row(unit: UnitInput, period: Period, has_previous: bool) -> UnitRow:
    funds = ytd(unit.monthly, period.month)
    this_month = in_month(unit.monthly, period.month).total
    status = classify(
        reported=unit.verified_this_month,
        funds_ytd=funds.total,
        started_ytd=unit.projects.started_ytd,
        negotiating=unit.projects.negotiating,
    )
    target = unit.target if unit.target else None
    completion = percent(funds.total, target) if target is not None else None
    gap = completion - time_progress_pct(period) if completion is not None else None
    mom = this_month - _previous_month_funds(unit, period.month) if has_previous else None
    return UnitRow(
        unit_id=unit.unit_id,
        code=unit.code,
        name=unit.name,
        group_code=unit.group_code,
        status=status,
        funds_ytd=funds,
        funds_month=this_month,
        month_on_month=mom,
        target=target,
        completion_pct=completion,
        gap_pp=gap,
        rank=None,
        projects=unit.projects,
    )


def _with_rank(row: UnitRow, rank: int | None) -> UnitRow:
    return UnitRow(
        row.unit_id,
        row.code,
        row.name,
        row.group_code,
        row.status,
        row.funds_ytd,
        row.funds_month,
        row.month_on_month,
        row.target,
        row.completion_pct,
        row.gap_pp,
        rank,
        row.projects,
    )


def _group(group: GroupInput, units: list[UnitInput], data: BulletinInput) -> GroupResult:
    rows = [_unit_row(u, data.period, data.previous_month_has_period) for u in units]
    ranks = competition_ranks([(row.unit_id, row.completion_pct) for row in rows])
    ranked = tuple(_with_rank(row, ranks[row.unit_id]) for row in rows)
    targets = [row.target for row in ranked if row.target is not None]
    projects = ProjectCounts()
    for row in ranked:
        projects = projects + row.projects
    return GroupResult(
        code=group.code,
        name=group.name,
        noun=group.noun,
        units=ranked,
        funds_ytd=sum_funds([row.funds_ytd for row in ranked]),
        projects=projects,
        target=sum(targets, ZERO) if targets else None,
    )


def fastest(group: GroupResult, n: int) -> list[UnitRow]:
    """Top ``n`` by completion % (ties at the edge all kept); only units with progress to show."""
    scored = [
        (row.unit_id, row.completion_pct)
        for row in group.units
        if row.completion_pct is not None and row.completion_pct > 0
    ]
    by_id = {row.unit_id: row for row in group.units}
    return [by_id[key] for key in top_n(scored, n)] if n > 0 else []


def _change_pct(now: Decimal, before: Decimal | None) -> Decimal | None:
    if before is None:
        return None
    return percent(now - before, before)


def compute(data: BulletinInput) -> Bulletin:
    period = data.period
    by_group: dict[str, list[UnitInput]] = {g.code: [] for g in data.groups}
    for unit in data.units:
        by_group.setdefault(unit.group_code, []).append(unit)
    groups = tuple(_group(g, by_group[g.code], data) for g in data.groups)
    rows = [row for g in groups for row in g.units]

    funds = sum_funds([g.funds_ytd for g in groups])
    projects = ProjectCounts()
    for g in groups:
        projects = projects + g.projects
    monthly = tuple(
        sum((in_month(u.monthly, m).total for u in data.units), ZERO)
        for m in range(1, period.month + 1)
    )
    this_month = monthly[-1]
    previous: Decimal | None = None
    if data.previous_month_has_period:
        previous = (
            monthly[-2]
            if period.month > 1
            else sum((in_month(u.monthly_last_year, 12).total for u in data.units), ZERO)
        )
    last_year: Decimal | None = None
    if data.last_year_has_period:
        last_year = sum((ytd(u.monthly_last_year, period.month).total for u in data.units), ZERO)
    target = data.district_target if data.district_target else None
    completion = percent(funds.total, target) if target is not None else None
    progress = time_progress_pct(period)
    totals = Totals(
        projects=projects,
        funds_ytd=funds,
        funds_month=this_month,
        funds_previous_month=previous,
        month_on_month=this_month - previous if previous is not None else None,
        month_on_month_pct=_change_pct(this_month, previous),
        funds_last_year_ytd=last_year,
        year_on_year_pct=_change_pct(funds.total, last_year),
        target=target,
        completion_pct=completion,
        time_progress_pct=progress,
        gap_pp=completion - progress if completion is not None else None,
        city_rank=data.city_rank,
        monthly_funds=monthly,
    )
    no_results = tuple(r for r in rows if r.status in (NEGOTIATING_ONLY, NO_ACTION))
    lists = Lists(
        fastest=tuple(row for g in groups for row in fastest(g, data.fastest_per_group)),
        no_results=no_results,
        negotiating_only=tuple(r for r in rows if r.status == NEGOTIATING_ONLY),
        not_reported=tuple(r for r in rows if r.status == NOT_REPORTED),
        behind=tuple(r for r in rows if r.gap_pp is not None and r.gap_pp < 0),
    )
    return Bulletin(period, data.district_name, totals, groups, lists, data.trade, data.service)
