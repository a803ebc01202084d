"""Read side of the trade app: scoped lists for pages and the API, roll-ups per unit, and the
district's trade section for the bulletin (aggregated in the database)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, ExtractMonth

from zhaoshang.core.periods import Period
from zhaoshang.core.permissions import is_bureau
from zhaoshang.inspections.models import Enterprise
from zhaoshang.org.models import Unit
from zhaoshang.targets.models import Issuer, Target
from zhaoshang.trade import figures as pure
from zhaoshang.trade import indicators as ind
from zhaoshang.trade.models import ForeignInvestment, TradeFigure, TradeProfile, UsdRate

ZERO = Decimal(0)


def _sum(field: str) -> Coalesce:
    return Coalesce(Sum(field), Decimal(0))


def can_enter(user: Any) -> bool:
    return is_bureau(user)


def enterprises_for_entry(user: Any) -> QuerySet[Enterprise]:
    if not is_bureau(user):
        return Enterprise.objects.none()
    return Enterprise.objects.editable_by(user).select_related("responsible_unit")


def figures_for(
    user: Any, *, year: int, month: int | None = None, history: bool = False
) -> QuerySet[TradeFigure]:
    """Figures in the user's scope for a year (and month); only current ones unless ``history``."""
    found = TradeFigure.objects.visible_to(user).filter(year=year)
    if month is not None:
        found = found.filter(month=month)
    if not history:
        found = found.current()
    return found.select_related("enterprise", "enterprise__responsible_unit", "author").order_by(
        "month", "enterprise__name", "version"
    )


def versions_of(user: Any, enterprise: Enterprise, year: int, month: int) -> QuerySet[TradeFigure]:
    return (
        TradeFigure.objects.visible_to(user)
        .filter(enterprise=enterprise, year=year, month=month)
        .select_related("author")
        .order_by("version")
    )


def foreign_investments_for(user: Any) -> QuerySet[ForeignInvestment]:
    return ForeignInvestment.objects.visible_to(user).select_related(
        "enterprise", "enterprise__responsible_unit"
    )


def rate_for(year: int) -> UsdRate | None:
    return UsdRate.objects.filter(year=year).first()


def to_yuan(usd: Decimal, year: int) -> Decimal:
    """US dollars in yuan at the configured rate of ``year``; LookupError (Chinese) if none."""
    rate = rate_for(year)
    if rate is None:
        raise LookupError(f"尚未设置{year}年美元折算汇率,请在管理后台“美元折算汇率”中添加")
    return pure.to_yuan(usd, rate.yuan_per_usd)


@dataclass(frozen=True)
class UnitOverviewRow:
    unit: str
    code: str
    group: str
    enterprises: int
    imports_usd: Decimal
    exports_usd: Decimal
    total_usd: Decimal

    @property
    def imports_wan(self) -> str:
        return pure.wan_usd(self.imports_usd)

    @property
    def exports_wan(self) -> str:
        return pure.wan_usd(self.exports_usd)

    @property
    def total_wan(self) -> str:
        return pure.wan_usd(self.total_usd)


def unit_overview(user: Any, period: Period) -> tuple[list[UnitOverviewRow], UnitOverviewRow]:
    """Year-to-date current figures per responsible unit in the user's scope, and their total."""
    rows = (
        TradeFigure.objects.visible_to(user)
        .current()
        .filter(year=period.year, month__lte=period.month)
        .values(
            code=F("enterprise__responsible_unit__code"),
            unit=F("enterprise__responsible_unit__name"),
            group=F("enterprise__responsible_unit__group__name"),
            order=F("enterprise__responsible_unit__sort_order"),
        )
        .annotate(
            imports=_sum("imports_usd"),
            exports=_sum("exports_usd"),
            total=_sum("total_usd"),
        )
        .order_by("-total", "order")
    )
    counts = _enterprise_counts(user, period)
    result = [
        UnitOverviewRow(
            unit=r["unit"],
            code=r["code"],
            group=r["group"] or "",
            enterprises=counts.get(r["code"], 0),
            imports_usd=r["imports"],
            exports_usd=r["exports"],
            total_usd=r["total"],
        )
        for r in rows
    ]
    total = UnitOverviewRow(
        unit="合计",
        code="",
        group="",
        enterprises=sum(r.enterprises for r in result),
        imports_usd=sum((r.imports_usd for r in result), ZERO),
        exports_usd=sum((r.exports_usd for r in result), ZERO),
        total_usd=sum((r.total_usd for r in result), ZERO),
    )
    return result, total


def _enterprise_counts(user: Any, period: Period) -> dict[str, int]:
    return dict(
        TradeFigure.objects.visible_to(user)
        .current()
        .filter(year=period.year, month__lte=period.month, total_usd__gt=0)
        .values("enterprise__responsible_unit__code")
        .annotate(n=Count("enterprise", distinct=True))
        .values_list("enterprise__responsible_unit__code", "n")
    )


# --- The district's trade section (bulletin) ----------------------------------------------------


def _in_district(district: Unit, prefix: str = "enterprise__") -> Q:
    return Q(**{f"{prefix}responsible_unit__parent": district})


def _monthly(district: Unit, year: int, months: int) -> tuple[list[Decimal], list[Decimal]]:
    rows = {
        r["month"]: r
        for r in TradeFigure.objects.current()
        .filter(_in_district(district), year=year, month__lte=months)
        .values("month")
        .annotate(total=_sum("total_usd"), exports=_sum("exports_usd"))
    }
    totals = [rows[m]["total"] if m in rows else ZERO for m in range(1, months + 1)]
    exports = [rows[m]["exports"] if m in rows else ZERO for m in range(1, months + 1)]
    return totals, exports


def _has_figures(district: Unit, year: int, months: tuple[int, ...]) -> bool:
    return (
        TradeFigure.objects.current()
        .filter(_in_district(district), year=year, month__in=months)
        .exists()
    )


def monthly_new(district: Unit, code: str | None, year: int, last_month: int) -> dict[int, int]:
    """Month → how many enterprises of the district a definition counts in that month, January
    to ``last_month``, in one grouped query (the months add up: an enterprise is counted in the
    month of its event, or of its first import/export record)."""
    first_day, last_day = Period(year, 1).first_day, Period(year, last_month).last_day
    dated = {
        ind.EXPORT_RIGHTS: (TradeProfile, "export_rights_on"),
        ind.FIE_APPROVED: (ForeignInvestment, "approved_on"),
        ind.FIE_ESTABLISHED: (ForeignInvestment, "established_on"),
    }
    if code in dated:
        model, field = dated[code]
        rows = (
            model.objects.filter(
                _in_district(district), **{f"{field}__range": (first_day, last_day)}
            )
            .annotate(m=ExtractMonth(field))
            .values("m")
            .annotate(n=Count("pk"))
            .order_by()
        )
        return {row["m"]: row["n"] for row in rows}
    if code == ind.FIRST_RECORD:
        low, high = year * 12 + 1, year * 12 + last_month
        firsts = (
            TradeFigure.objects.current()
            .filter(_in_district(district), total_usd__gt=0)
            .values("enterprise")
            .annotate(first=Min(F("year") * 12 + F("month")))
            .filter(first__gte=low, first__lte=high)
            .values_list("first", flat=True)
        )
        counts: dict[int, int] = {}
        for first in firsts:
            counts[first - year * 12] = counts.get(first - year * 12, 0) + 1
        return counts
    return {}


def counted(district: Unit, root: str, period: Period) -> pure.Counted:
    """Year to date under the definition valid at the period's end, with the monthly series
    (each month under the definition valid then): one grouped query per definition in use."""
    chain = ind.chain(root)
    definition = pure.definition_on(chain, period.last_day)
    by_code: dict[str | None, dict[int, int]] = {}

    def months(code: str | None) -> dict[int, int]:
        if code not in by_code:
            by_code[code] = monthly_new(district, code, period.year, period.month)
        return by_code[code]

    values = []
    for month in range(1, period.month + 1):
        p = Period(period.year, month)
        found = pure.definition_on(chain, p.last_day)
        values.append((p, months(found.code if found else None).get(month, 0)))
    series = pure.labelled_series(values, chain)
    code = definition.code if definition else None
    return pure.Counted(
        code=code,
        name=definition.name if definition else None,
        count=sum(months(code).values()),
        series=tuple(series),
    )


def _targets(district: Unit, year: int) -> dict[int, Decimal]:
    return dict(
        Target.objects.filter(indicator__code=ind.TOTAL, issuer=Issuer.DISTRICT, year=year)
        .filter(Q(unit__parent=district) | Q(unit=district))
        .values_list("unit_id", "current_value")
    )


def gather(district: Unit, period: Period) -> pure.TradeInput:
    totals, exports = _monthly(district, period.year, period.month)
    previous: Decimal | None = None
    if period.month == 1 and _has_figures(district, period.year - 1, (12,)):
        previous = _monthly(district, period.year - 1, 12)[0][-1]
    last_year: Decimal | None = None
    if _has_figures(district, period.year - 1, tuple(range(1, period.month + 1))):
        last_year = sum(_monthly(district, period.year - 1, period.month)[0], ZERO)
    targets = _targets(district, period.year)
    per_unit = {
        r["enterprise__responsible_unit"]: r
        for r in TradeFigure.objects.current()
        .filter(_in_district(district), year=period.year, month__lte=period.month)
        .values("enterprise__responsible_unit")
        .annotate(total=_sum("total_usd"), exports=_sum("exports_usd"))
    }
    units = tuple(
        pure.UnitTradeInput(
            code=u.code,
            name=u.name,
            group_code=u.group.code if u.group else "",
            total_usd=per_unit[u.pk]["total"] if u.pk in per_unit else ZERO,
            exports_usd=per_unit[u.pk]["exports"] if u.pk in per_unit else ZERO,
            target_usd=targets.get(u.pk),
        )
        for u in Unit.objects.filter(parent=district, kind=Unit.Kind.UNIT)
        .select_related("group")
        .order_by("group__sort_order", "sort_order", "code")
        if u.pk in per_unit or u.pk in targets
    )
    return pure.TradeInput(
        period=period,
        monthly_total_usd=tuple(totals),
        monthly_exports_usd=tuple(exports),
        previous_month_total_usd=previous,
        last_year_ytd_total_usd=last_year,
        target_usd=targets.get(district.pk),
        new_traders=counted(district, ind.NEW_TRADERS, period),
        new_fies=counted(district, ind.NEW_FIES, period),
        units=units,
    )


def district_section(district: Unit, period: Period) -> pure.TradeSection | None:
    """The bulletin's trade section, or ``None`` when the district has no trade data at all (one
    query then; with data, a fixed number that does not grow with units or enterprises)."""
    in_district = Enterprise.objects.filter(responsible_unit__parent=district)
    if not (
        in_district.filter(
            Q(trade_figures__isnull=False)
            | Q(foreign_investment__isnull=False)
            | Q(trade_profile__export_rights_on__isnull=False)
        ).exists()
    ):
        return None
    section = pure.compute_trade(gather(district, period))
    return None if section.empty else section


def correction_reasons(district: Unit, period: Period, since: Any) -> list[str]:
    """Reasons given for trade figures of the period's year (months up to it) changed since."""
    from zhaoshang.core.models import Event

    reasons: list[str] = []
    for data in Event.objects.filter(
        verb="trade.figure_corrected",
        unit__parent=district,
        at__gt=since,
        data__year=period.year,
        data__month__lte=period.month,
    ).values_list("data", flat=True):
        reason = (data or {}).get("reason", "")
        if reason and reason not in reasons:
            reasons.append(reason)
    return reasons
