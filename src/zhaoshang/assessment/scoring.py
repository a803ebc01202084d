"""The scoring engine: a validated ``Scheme`` and each unit's measures in, per-unit score sheets
out — every item with a one-line explanation in the official style. Pure: Decimal only, no ORM.

Totals are rounded half-up to two decimals once, from the unrounded item scores.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from zhaoshang.assessment import formula as fx
from zhaoshang.assessment.scheme import Item, Scheme, steps_total
from zhaoshang.core.money import round_half_up, strip_zeros
from zhaoshang.core.ranking import competition_ranks

ZERO = Decimal(0)
HUNDRED = Decimal(100)
RED = "red"
_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
BLACK = "black"


@dataclass(frozen=True)
class UnitMeasures:
    key: str
    name: str
    group: str
    measures: Mapping[str, Decimal | None]
    # Ledger entries per deduction rule code: the points of each entry (already stepped).
    ledger: Mapping[str, Sequence[Decimal]] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemScore:
    code: str
    name: str
    weight: Decimal
    cap: Decimal
    score: Decimal | None  # unrounded; None = not applicable
    explanation: str


@dataclass(frozen=True)
class Adjustment:
    code: str
    name: str
    points: Decimal
    explanation: str


@dataclass(frozen=True)
class UnitResult:
    key: str
    name: str
    group: str
    items: tuple[ItemScore, ...]
    deductions: tuple[Adjustment, ...]
    bonuses: tuple[Adjustment, ...]
    rescale: Decimal
    unrounded_total: Decimal
    total: Decimal
    vetoed: bool
    veto_reasons: tuple[str, ...]
    rank: int | None
    list: str  # "red", "black" or ""


def pts(value: Decimal) -> str:
    """Points as written in score sheets: two decimals at most, zeros dropped."""
    return strip_zeros(round_half_up(value, 2))


def pct(ratio: Decimal) -> str:
    return f"{strip_zeros(round_half_up(ratio * HUNDRED, 2))}%"


def _clamp(value: Decimal, cap: Decimal) -> tuple[Decimal, str]:
    if value > cap:
        return cap, f"(封顶{pts(cap)}分)"
    if value < 0:
        return ZERO, "(最低0分)"
    return value, ""


def ratio_score(item: Item, ratio: Decimal) -> tuple[Decimal, str]:
    score, note = _clamp(ratio * item.weight, item.cap)
    return score, f"{item.name}{pct(ratio)}×{pts(item.weight)}={pts(score)}{note}"


def efficacy_coefficient(value: Decimal, best: Decimal, worst: Decimal) -> Decimal:
    """功效系数: best 100, worst 60, linear between; all equal → 100."""
    if best == worst:
        return HUNDRED
    return Decimal(60) + Decimal(40) * (value - worst) / (best - worst)


def efficacy_score(
    item: Item, value: Decimal, group_values: Sequence[Decimal]
) -> tuple[Decimal, str]:
    best, worst = max(group_values), min(group_values)
    coefficient = efficacy_coefficient(value, best, worst)
    score, note = _clamp(coefficient / HUNDRED * item.weight, item.cap)
    if best == worst:
        how = "组内数值相同,系数100"
    else:
        how = f"60+40×({pts(value)}−{pts(worst)})÷({pts(best)}−{pts(worst)})={pts(coefficient)}"
    return (
        score,
        f"{item.name}功效系数:{how};{pts(coefficient)}%×{pts(item.weight)}={pts(score)}{note}",
    )


def time_progress_score(
    item: Item, actual: Decimal, target: Decimal, month: int
) -> tuple[Decimal, str]:
    expected = target * Decimal(month) / Decimal(12)
    raw = Decimal(1) if expected <= 0 else actual / expected
    ratio = min(raw, Decimal(1))
    score, note = _clamp(ratio * item.weight, item.cap)
    counted = f",按{pct(ratio)}计" if raw > ratio else ""
    return score, (
        f"{item.name}{pts(actual)}÷({pts(target)}×{month}/12)={pct(raw)}{counted}"
        f"×{pts(item.weight)}={pts(score)}{note}"
    )


def tier_score(item: Item, value: Decimal) -> tuple[Decimal, str]:
    for threshold, points in item.tiers:
        if value >= threshold:
            score, note = _clamp(points, item.cap)
            return (
                score,
                f"{item.name}{_show(item, value)}≥{_show(item, threshold)},得{pts(score)}分{note}",
            )
    lowest = item.tiers[-1][0]
    return ZERO, f"{item.name}{_show(item, value)}<{_show(item, lowest)},得0分"


def _show(item: Item, value: Decimal) -> str:
    return pct(value) if "completion" in item.measure or "progress" in item.measure else pts(value)


def bonus_score(item: Item, ratio: Decimal) -> tuple[Decimal, str]:
    """Base points when the target is met (ratio ≥ 1), ratio × base below it; plus ``per_step``
    for each full ``step`` above 100%, the bonus capped at ``bonus_cap``."""
    if ratio < 1:
        score, note = _clamp(ratio * item.weight, item.cap)
        return score, f"{item.name}{pct(ratio)}×{pts(item.weight)}={pts(score)}{note}"
    steps = ((ratio - 1) / item.step).to_integral_value(rounding="ROUND_FLOOR")
    bonus = min(steps * item.per_step, item.bonus_cap)
    score, note = _clamp(item.weight + bonus, item.cap)
    capped = "(加分封顶)" if steps * item.per_step > item.bonus_cap else ""
    return score, (
        f"{item.name}{pct(ratio)},完成目标得{pts(item.weight)}分,超{pct(ratio - 1)}"
        f"加{pts(bonus)}分{capped},共{pts(score)}{note}"
    )


def deduction_item_score(item: Item, count: Decimal) -> tuple[Decimal, str]:
    n = int(count)
    lost = steps_total(item.steps, n)
    score, note = _clamp(item.weight - lost, item.cap)
    if n == 0:
        return score, f"{item.name}0次,得{pts(score)}分"
    return score, f"{item.name}{n}次,{pts(item.weight)}−{pts(lost)}={pts(score)}{note}"


def formula_score(item: Item, values: Mapping[str, Decimal | None]) -> tuple[Decimal, str]:
    assert item.formula is not None
    raw = fx.evaluate(item.formula, values)
    score, note = _clamp(raw, item.cap)

    def show(match: re.Match[str]) -> str:
        value = values.get(match.group(0))
        if value is None or match.group(0) in fx.FUNCTIONS:
            return match.group(0)
        return pts(value) if abs(value) >= 1 or value == 0 else strip_zeros(round_half_up(value, 4))

    shown = _NAME_RE.sub(show, item.formula_text)
    return score, f"{item.name}:{shown}={pts(raw)}{note}"


def _item_score(
    scheme: Scheme,
    item: Item,
    unit: UnitMeasures,
    values: Mapping[str, Decimal | None],
    group_values: Mapping[str, list[Decimal]],
    month: int,
) -> ItemScore:
    try:
        if item.method == "formula":
            score, text = formula_score(item, values)
        else:
            value = values.get(item.measure)
            if value is None:
                raise fx.NotApplicable(item.measure)
            if item.method == "ratio":
                score, text = ratio_score(item, value)
            elif item.method == "efficacy":
                score, text = efficacy_score(item, value, group_values[item.code])
            elif item.method == "time_progress":
                target = values.get(item.target)
                if target is None:
                    raise fx.NotApplicable(item.target)
                score, text = time_progress_score(item, value, target, month)
            elif item.method == "tiers":
                score, text = tier_score(item, value)
            elif item.method == "bonus":
                score, text = bonus_score(item, value)
            else:
                score, text = deduction_item_score(item, value)
    except fx.NotApplicable as missing:
        return ItemScore(
            item.code,
            item.name,
            item.weight,
            item.cap,
            None,
            f"{item.name}:{_label(scheme, missing.name)}不适用,本项不计分",
        )
    return ItemScore(item.code, item.name, item.weight, item.cap, score, text)


def _label(scheme: Scheme, code: str) -> str:
    """A measure's Chinese label (without its unit), or an item's name."""
    for item in scheme.items:
        if item.code == code:
            return item.name
    return scheme.measure_label(code).split("(")[0]


def _deductions(scheme: Scheme, unit: UnitMeasures) -> list[Adjustment]:
    result = []
    for rule in scheme.deductions:
        entries = list(unit.ledger.get(rule.code, ()))
        if not entries:
            continue
        raw = sum(entries, ZERO)
        points = raw if rule.cap is None else min(raw, rule.cap)
        listing = "+".join(pts(entry) for entry in entries)
        capped = f",封顶{pts(points)}分" if points < raw else ""
        result.append(
            Adjustment(
                rule.code,
                rule.name,
                points,
                f"{rule.name}{len(entries)}次,扣{listing}={pts(raw)}分{capped}",
            )
        )
    return result


def _bonuses(scheme: Scheme, values: Mapping[str, Decimal | None]) -> list[Adjustment]:
    result = []
    for rule in scheme.bonuses:
        count = values.get(rule.measure)
        if not count:
            continue
        raw = count * rule.points
        points = min(raw, rule.cap)
        capped = f",封顶{pts(points)}分" if points < raw else ""
        result.append(
            Adjustment(
                rule.code,
                rule.name,
                points,
                f"{rule.name}{pts(count)}×{pts(rule.points)}={pts(raw)}分{capped}",
            )
        )
    return result


def _vetoes(scheme: Scheme, values: Mapping[str, Decimal | None], period_kind: str) -> list[str]:
    reasons = []
    for veto in scheme.vetoes:
        if veto.periods and period_kind not in veto.periods:
            continue
        try:
            hit = fx.evaluate(veto.condition, values) != 0
        except fx.NotApplicable:
            continue
        if hit:
            reasons.append(f"{veto.name},一票否决")
    return reasons


def score(
    scheme: Scheme,
    units: Sequence[UnitMeasures],
    *,
    month: int,
    period_kind: str = "quarterly",
) -> list[UnitResult]:
    """Every unit's score sheet, ranked within its group, with red/black lists."""
    if scheme.groups:
        units = [unit for unit in units if unit.group in scheme.groups]
    order = scheme.item_order()
    by_group: dict[str, list[UnitMeasures]] = {}
    for unit in units:
        by_group.setdefault(unit.group, []).append(unit)
    group_values: dict[str, dict[str, list[Decimal]]] = {}
    for group, members in by_group.items():
        group_values[group] = {
            item.code: [
                value
                for member in members
                if (value := member.measures.get(item.measure)) is not None
            ]
            for item in scheme.items
            if item.method == "efficacy"
        }
    partial: list[
        tuple[
            UnitMeasures,
            tuple[ItemScore, ...],
            list[Adjustment],
            list[Adjustment],
            Decimal,
            Decimal,
            list[str],
        ]
    ] = []
    for unit in units:
        values: dict[str, Decimal | None] = dict(unit.measures)
        scores: dict[str, ItemScore] = {}
        for item in order:
            item_result = _item_score(scheme, item, unit, values, group_values[unit.group], month)
            scores[item.code] = item_result
            values[item.code] = item_result.score
        items = tuple(scores[item.code] for item in scheme.items)
        applicable = [s for s in items if s.score is not None]
        raw_sum = sum((s.score for s in applicable if s.score is not None), ZERO)
        applicable_weight = sum((s.weight for s in applicable), ZERO)
        rescale = Decimal(1)
        if (
            scheme.na_policy == "rescale"
            and applicable_weight
            and applicable_weight != scheme.total
        ):
            rescale = scheme.total / applicable_weight
        deductions = _deductions(scheme, unit)
        bonuses = _bonuses(scheme, values)
        unrounded = (
            raw_sum * rescale
            - sum((d.points for d in deductions), ZERO)
            + sum((b.points for b in bonuses), ZERO)
        )
        partial.append(
            (
                unit,
                items,
                deductions,
                bonuses,
                rescale,
                unrounded,
                _vetoes(scheme, values, period_kind),
            )
        )
    results: list[UnitResult] = []
    for group in by_group:
        rows = [row for row in partial if row[0].group == group]
        ranks = _ranks([(row[0].key, row[5], bool(row[6])) for row in rows])
        lists = _lists(scheme, [(row[0], row[5], bool(row[6])) for row in rows], ranks)
        for unit, items, deductions, bonuses, rescale, unrounded, vetoes in rows:
            results.append(
                UnitResult(
                    key=unit.key,
                    name=unit.name,
                    group=group,
                    items=items,
                    deductions=tuple(deductions),
                    bonuses=tuple(bonuses),
                    rescale=rescale,
                    unrounded_total=unrounded,
                    total=round_half_up(unrounded, 2),
                    vetoed=bool(vetoes),
                    veto_reasons=tuple(vetoes),
                    rank=ranks[unit.key],
                    list=lists.get(unit.key, ""),
                )
            )
    return results


def _ranks(rows: Sequence[tuple[str, Decimal, bool]]) -> dict[str, int | None]:
    """Competition ranks by unrounded total; vetoed units rank after every unit not vetoed."""
    clear = competition_ranks([(key, total) for key, total, vetoed in rows if not vetoed])
    offset = len(clear)
    vetoed = competition_ranks([(key, total) for key, total, is_vetoed in rows if is_vetoed])
    ranks: dict[str, int | None] = dict(clear)
    for key, rank in vetoed.items():
        ranks[key] = None if rank is None else rank + offset
    return ranks


def _lists(
    scheme: Scheme,
    rows: Sequence[tuple[UnitMeasures, Decimal, bool]],
    ranks: Mapping[str, int | None],
) -> dict[str, str]:
    """Red: target exceeded and in the top N. Black: target missed and in the bottom N — never a
    unit that met its target or whose shortfall is recorded as force majeure."""
    rules = scheme.lists
    result: dict[str, str] = {}
    penalty = Decimal(10) ** 9
    bottom = competition_ranks(
        [(unit.key, total - penalty if vetoed else total) for unit, total, vetoed in rows],
        descending=False,
    )
    for unit, _total, vetoed in rows:
        rank = ranks.get(unit.key)
        completion = unit.measures.get(rules.target_measure)
        force_code = rules.force_majeure_measure
        force = unit.measures.get(force_code) if force_code else None
        exceeded = completion is not None and completion > 1
        missed = completion is not None and completion < 1
        if rules.red_top and not vetoed and rank is not None and rank <= rules.red_top and exceeded:
            result[unit.key] = RED
        low = bottom.get(unit.key)
        if (
            rules.black_bottom
            and low is not None
            and low <= rules.black_bottom
            and missed
            and not force
        ):
            result[unit.key] = BLACK
    return result
