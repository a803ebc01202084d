"""A scheme (考核办法) as data: parsed from a dict (YAML/JSON) and validated, or refused with
Chinese messages that name the item and the fault. Pure: no ORM, no I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from zhaoshang.assessment import formula as fx

# Measures the system computes itself (assessment/measures.py): code → (label, always positive).
SYSTEM_MEASURES: dict[str, tuple[str, bool]] = {
    "funds_ytd_wan": ("年度累计到位市外资金(万元)", False),
    "funds_target_wan": ("到位市外资金目标(万元)", False),
    "funds_completion": ("到位市外资金完成率", False),
    "time_progress": ("序时进度", True),
    "months": ("考核月数", True),
    "projects_counted": ("在库项目数", False),
    "projects_new": ("新引进项目数", False),
    "projects_started": ("年内开工项目数", False),
    "projects_landed": ("落地项目数(开工及以后阶段)", False),
    "projects_negotiating": ("在谈项目数", False),
    "returns_missed": ("未报送月报次数", False),
    "cases_overdue": ("企业诉求逾期件数", False),
    "cases_on_time": ("企业诉求按期办结率", False),
    "cases_satisfaction": ("企业诉求回访满意率", False),
    "inspections_unfiled": ("被反映未备案检查次数", False),
    "resolutions_overdue": ("会议决议逾期未销号项数", False),
}
# What a deduction rule's ``auto:`` may name: events the system enters in the ledger itself.
AUTOMATIC = ("returns_missed", "cases_overdue", "inspections_unfiled")
METHODS = ("ratio", "formula", "efficacy", "time_progress", "tiers", "bonus", "deduction")
PERIOD_KINDS = ("monthly", "quarterly", "annual")
NA_POLICIES = ("skip", "rescale")


class SchemeError(ValueError):
    """A scheme that cannot be used; ``messages`` lists every fault found."""

    def __init__(self, messages: Sequence[str]) -> None:
        super().__init__(";".join(messages))
        self.messages = list(messages)


@dataclass(frozen=True)
class Item:
    code: str
    name: str
    weight: Decimal
    method: str
    cap: Decimal
    measure: str = ""
    target: str = ""
    formula: fx.Node | None = None
    formula_text: str = ""
    tiers: tuple[tuple[Decimal, Decimal], ...] = ()
    step: Decimal = Decimal("0.1")
    per_step: Decimal = Decimal(0)
    bonus_cap: Decimal = Decimal(0)
    steps: tuple[Decimal, ...] = ()
    group: str = ""

    def reads(self) -> set[str]:
        if self.formula is not None:
            return fx.names(self.formula)
        return {name for name in (self.measure, self.target) if name}


@dataclass(frozen=True)
class DeductionRule:
    code: str
    name: str
    steps: tuple[Decimal, ...]
    cap: Decimal | None
    auto: str = ""


@dataclass(frozen=True)
class BonusRule:
    code: str
    name: str
    measure: str
    points: Decimal
    cap: Decimal


@dataclass(frozen=True)
class Veto:
    code: str
    name: str
    condition: fx.Node
    condition_text: str
    periods: tuple[str, ...] = ()


@dataclass(frozen=True)
class ListRules:
    red_top: int = 0
    black_bottom: int = 0
    target_measure: str = "funds_completion"
    force_majeure_measure: str = ""


@dataclass(frozen=True)
class Scheme:
    name: str
    year: int
    total: Decimal
    items: tuple[Item, ...]
    groups: tuple[str, ...] = ()
    periods: tuple[str, ...] = ("quarterly", "annual")
    na_policy: str = "rescale"
    external_measures: Mapping[str, str] = field(default_factory=dict)
    deductions: tuple[DeductionRule, ...] = ()
    bonuses: tuple[BonusRule, ...] = ()
    vetoes: tuple[Veto, ...] = ()
    lists: ListRules = ListRules()

    def measure_label(self, code: str) -> str:
        if code in SYSTEM_MEASURES:
            return SYSTEM_MEASURES[code][0]
        return self.external_measures.get(code, code)

    def item_order(self) -> list[Item]:
        """Items in an order where each comes after the items its formula reads."""
        by_code = {item.code: item for item in self.items}
        done: list[Item] = []
        seen: set[str] = set()

        def visit(item: Item) -> None:
            if item.code in seen:
                return
            seen.add(item.code)
            for name in sorted(item.reads()):
                if name in by_code:
                    visit(by_code[name])
            done.append(item)

        for item in self.items:
            visit(item)
        return done


def _decimal(value: Any, where: str, errors: list[str]) -> Decimal:
    if isinstance(value, bool) or value is None:
        errors.append(f"{where}应为数字")
        return Decimal(0)
    try:
        result = Decimal(str(value))
    except (InvalidOperation, ValueError):
        errors.append(f"{where}应为数字,收到“{value}”")
        return Decimal(0)
    if not result.is_finite():
        errors.append(f"{where}应为数字,收到“{value}”")
        return Decimal(0)
    return result


def _steps(raw: Any, where: str, errors: list[str]) -> tuple[Decimal, ...]:
    if isinstance(raw, (int, float, str)) and not isinstance(raw, bool):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        errors.append(f"{where}的扣分档次(steps)应为数字列表,如 [4, 2, 2, 2]")
        return ()
    return tuple(_decimal(step, f"{where}的扣分档次", errors) for step in raw)


def _parse_formula(text: Any, where: str, errors: list[str]) -> fx.Node | None:
    if not isinstance(text, str) or not text.strip():
        errors.append(f"{where}缺少公式")
        return None
    try:
        return fx.parse(text)
    except fx.FormulaError as exc:
        errors.append(f"{where}公式“{text}”无法解析:{exc}")
        return None


def _item(raw: Mapping[str, Any], index: int, errors: list[str]) -> Item | None:
    code = str(raw.get("code") or f"item{index}")
    name = str(raw.get("name") or code)
    where = f"第{index}项“{name}”"
    method = raw.get("method")
    if method not in METHODS:
        errors.append(f"{where}的计分方法“{method}”无效(可选:{'、'.join(METHODS)})")
        return None
    weight = _decimal(raw.get("weight"), f"{where}的分值", errors)
    if weight < 0:
        errors.append(f"{where}的分值不能为负数")
    node = None
    if method == "formula":
        node = _parse_formula(raw.get("formula"), where, errors)
    elif not raw.get("measure"):
        errors.append(f"{where}缺少考核指标(measure)")
    tiers: list[tuple[Decimal, Decimal]] = []
    if method == "tiers":
        raw_tiers = raw.get("tiers")
        if not isinstance(raw_tiers, list) or not raw_tiers:
            errors.append(f"{where}的档次(tiers)应为 [门槛, 得分] 列表")
        else:
            for tier in raw_tiers:
                if not isinstance(tier, list) or len(tier) != 2:
                    errors.append(f"{where}的档次“{tier}”应为 [门槛, 得分]")
                    continue
                tiers.append((_decimal(tier[0], where, errors), _decimal(tier[1], where, errors)))
            tiers.sort(key=lambda t: t[0], reverse=True)
    if method == "time_progress" and not raw.get("target"):
        errors.append(f"{where}缺少目标指标(target)")
    bonus_cap = _decimal(raw.get("bonus_cap", 0), f"{where}的加分上限", errors)
    default_cap = weight + bonus_cap if method == "bonus" else weight
    cap = _decimal(raw.get("cap", default_cap), f"{where}的封顶分", errors)
    steps = _steps(raw.get("steps"), where, errors) if method == "deduction" else ()
    if tiers and max(points for _, points in tiers) > cap:
        errors.append(f"{where}的档次得分超过封顶分{cap}")
    return Item(
        code=code,
        name=name,
        weight=weight,
        method=str(method),
        cap=cap,
        measure=str(raw.get("measure") or ""),
        target=str(raw.get("target") or ""),
        formula=node,
        formula_text=str(raw.get("formula") or ""),
        tiers=tuple(tiers),
        step=_decimal(raw.get("step", "0.1"), f"{where}的加分步长", errors),
        per_step=_decimal(raw.get("per_step", 0), f"{where}的每档加分", errors),
        bonus_cap=bonus_cap,
        steps=steps,
        group=str(raw.get("group") or ""),
    )


def _check_items(scheme_items: list[Item], known: set[str], positive: frozenset[str]) -> list[str]:
    errors: list[str] = []
    codes = [item.code for item in scheme_items]
    for code in {c for c in codes if codes.count(c) > 1}:
        errors.append(f"考核项代码“{code}”重复")
    for item in scheme_items:
        where = f"考核项“{item.name}”"
        if item.code in known:
            errors.append(f"{where}的代码“{item.code}”与考核指标同名")
        for name in sorted(item.reads()):
            if name not in known and name not in codes:
                errors.append(f"{where}引用了未知的考核指标“{name}”")
        if item.formula is not None:
            for divisor in fx.unsafe_divisors(item.formula, positive):
                errors.append(
                    f"{where}的公式可能除以零:除数“{fx.render(divisor)}”可能为0,"
                    f"请写成 max({fx.render(divisor)}, 1) 等形式"
                )
    errors += _cycles(scheme_items)
    return errors


def _cycles(items: list[Item]) -> list[str]:
    by_code = {item.code: item for item in items}
    state: dict[str, int] = {}
    errors: list[str] = []

    def visit(code: str, path: list[str]) -> None:
        state[code] = 1
        for name in sorted(by_code[code].reads()):
            if name not in by_code:
                continue
            if state.get(name) == 1:
                cycle = [*path[path.index(name) :], name] if name in path else [code, name]
                names = "→".join(by_code[c].name for c in cycle)
                errors.append(f"考核项“{by_code[name].name}”循环引用:{names}")
            elif name not in state:
                visit(name, [*path, name])
        state[code] = 2

    for code in by_code:
        if code not in state:
            visit(code, [code])
    return errors


def parse_scheme(raw: Any) -> Scheme:
    """A validated ``Scheme`` from a dict, or ``SchemeError`` listing every fault in Chinese."""
    if not isinstance(raw, Mapping):
        raise SchemeError(["考核方案应为键值结构(YAML 映射)"])
    errors: list[str] = []
    name = str(raw.get("name") or "").strip()
    if not name:
        errors.append("考核方案缺少名称(name)")
    year = raw.get("year")
    if not isinstance(year, int) or not 2000 <= year <= 2100:
        errors.append(f"考核年度(year)无效:“{year}”")
        year = 0
    total = _decimal(raw.get("total"), "满分(total)", errors)
    external = raw.get("measures") or {}
    if not isinstance(external, Mapping):
        errors.append("外部指标(measures)应为“代码: 名称”的映射")
        external = {}
    external = {str(k): str(v) for k, v in external.items()}
    known = set(SYSTEM_MEASURES) | set(external)
    positive = frozenset(code for code, (_, pos) in SYSTEM_MEASURES.items() if pos)
    raw_items = raw.get("items")
    items: list[Item] = []
    if not isinstance(raw_items, list) or not raw_items:
        errors.append("考核方案没有考核项(items)")
    else:
        for index, raw_item in enumerate(raw_items, start=1):
            if not isinstance(raw_item, Mapping):
                errors.append(f"第{index}项应为键值结构")
                continue
            item = _item(raw_item, index, errors)
            if item is not None:
                items.append(item)
    errors += _check_items(items, known, positive)
    weights = sum((item.weight for item in items), Decimal(0))
    if items and weights != total:
        listing = "+".join(f"{item.name}{item.weight}" for item in items)
        errors.append(f"各考核项分值之和为{weights}({listing}),与满分{total}不符")
    periods = tuple(str(p) for p in raw.get("periods") or ("quarterly", "annual"))
    for period in periods:
        if period not in PERIOD_KINDS:
            errors.append(f"适用期间“{period}”无效(可选:monthly、quarterly、annual)")
    na_policy = str(raw.get("na") or "rescale")
    if na_policy not in NA_POLICIES:
        errors.append(f"不适用指标的处理方式(na)“{na_policy}”无效(可选:skip、rescale)")
    deductions = _deductions(raw.get("deductions") or [], known, errors)
    bonuses = _bonuses(raw.get("bonuses") or [], known, errors)
    vetoes = _vetoes(raw.get("vetoes") or [], known, positive, errors)
    lists = _lists(raw.get("lists") or {}, known, errors)
    if errors:
        raise SchemeError(errors)
    return Scheme(
        name=name,
        year=int(year),
        total=total,
        items=tuple(items),
        groups=tuple(str(g) for g in raw.get("groups") or ()),
        periods=periods,
        na_policy=na_policy,
        external_measures=external,
        deductions=deductions,
        bonuses=bonuses,
        vetoes=vetoes,
        lists=lists,
    )


def _deductions(raw: Any, known: set[str], errors: list[str]) -> tuple[DeductionRule, ...]:
    rules = []
    for index, rule in enumerate(raw if isinstance(raw, list) else [], start=1):
        if not isinstance(rule, Mapping):
            errors.append(f"扣分规则第{index}条应为键值结构")
            continue
        name = str(rule.get("name") or rule.get("code") or f"扣分规则{index}")
        where = f"扣分规则“{name}”"
        auto = str(rule.get("auto") or "")
        if auto and auto not in AUTOMATIC:
            errors.append(f"{where}的自动扣分来源“{auto}”无效,可选:{'、'.join(AUTOMATIC)}")
        cap = rule.get("cap")
        rules.append(
            DeductionRule(
                code=str(rule.get("code") or f"deduction{index}"),
                name=name,
                steps=_steps(rule.get("steps"), where, errors),
                cap=None if cap is None else _decimal(cap, f"{where}的扣分上限", errors),
                auto=auto,
            )
        )
    return tuple(rules)


def _bonuses(raw: Any, known: set[str], errors: list[str]) -> tuple[BonusRule, ...]:
    rules = []
    for index, rule in enumerate(raw if isinstance(raw, list) else [], start=1):
        if not isinstance(rule, Mapping):
            errors.append(f"加分规则第{index}条应为键值结构")
            continue
        name = str(rule.get("name") or rule.get("code") or f"加分规则{index}")
        where = f"加分规则“{name}”"
        measure = str(rule.get("measure") or "")
        if measure not in known:
            errors.append(f"{where}引用了未知的考核指标“{measure}”")
        rules.append(
            BonusRule(
                code=str(rule.get("code") or f"bonus{index}"),
                name=name,
                measure=measure,
                points=_decimal(rule.get("points"), f"{where}的每次加分", errors),
                cap=_decimal(rule.get("cap"), f"{where}的加分上限", errors),
            )
        )
    return tuple(rules)


def _vetoes(
    raw: Any, known: set[str], positive: frozenset[str], errors: list[str]
) -> tuple[Veto, ...]:
    vetoes = []
    for index, veto in enumerate(raw if isinstance(raw, list) else [], start=1):
        if not isinstance(veto, Mapping):
            errors.append(f"否决项第{index}条应为键值结构")
            continue
        name = str(veto.get("name") or veto.get("code") or f"否决项{index}")
        where = f"否决项“{name}”"
        node = _parse_formula(veto.get("when"), where, errors)
        if node is None:
            continue
        for measure in sorted(fx.names(node) - known):
            errors.append(f"{where}引用了未知的考核指标“{measure}”")
        for divisor in fx.unsafe_divisors(node, positive):
            errors.append(f"{where}的条件可能除以零:除数“{fx.render(divisor)}”可能为0")
        vetoes.append(
            Veto(
                code=str(veto.get("code") or f"veto{index}"),
                name=name,
                condition=node,
                condition_text=str(veto.get("when")),
                periods=tuple(str(p) for p in veto.get("periods") or ()),
            )
        )
    return tuple(vetoes)


def _lists(raw: Any, known: set[str], errors: list[str]) -> ListRules:
    if not isinstance(raw, Mapping):
        errors.append("红黑榜规则(lists)应为键值结构")
        return ListRules()
    target = str(raw.get("target_measure") or "funds_completion")
    force = str(raw.get("force_majeure_measure") or "")
    for code in (target, force):
        if code and code not in known:
            errors.append(f"红黑榜规则引用了未知的考核指标“{code}”")
    return ListRules(
        red_top=int(raw.get("red_top") or 0),
        black_bottom=int(raw.get("black_bottom") or 0),
        target_measure=target,
        force_majeure_measure=force,
    )


def step_points(steps: Sequence[Decimal], n: int) -> Decimal:
    """Points for the ``n``-th event (1-based) under escalating steps: 4-2-2-2 → 4, 2, 2, 2, 2…"""
    if n < 1 or not steps:
        return Decimal(0)
    return steps[min(n, len(steps)) - 1]


def steps_total(steps: Sequence[Decimal], count: int, cap: Decimal | None = None) -> Decimal:
    total = sum((step_points(steps, n) for n in range(1, count + 1)), Decimal(0))
    return total if cap is None else min(total, cap)
