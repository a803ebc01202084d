"""The bulletin's fourth section (服务企业和督办落实情况), pure: enterprises' requests (首问负责、
限时办结), inspections of enterprises (检查备案) and meeting resolutions (执行决议), year to date,
per unit and for the district. The figures are gathered by ``bulletins.queries.service_section``
from the casework, inspections and meetings apps; everything here is arithmetic and wording."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from zhaoshang.core.money import percent
from zhaoshang.core.periods import Period


@dataclass(frozen=True, slots=True)
class UnitService:
    unit_id: int
    name: str
    cases_received: int = 0  # requests it owns, received in the period
    cases_completed: int = 0
    cases_completed_on_time: int = 0
    cases_rated: int = 0
    cases_satisfied: int = 0
    cases_missed: int = 0  # deadlines it missed in the period (stays on the record)
    inspections_filed: int = 0  # inspections it filed, planned in the period
    inspections_unfiled: int = 0  # reports of its inspections made without filing
    resolutions_open: int = 0  # open at the period's end
    resolutions_overdue: int = 0  # of those, past their deadline at the period's end

    @property
    def on_time_pct(self) -> Decimal | None:
        return _rate(self.cases_completed_on_time, self.cases_completed)

    @property
    def satisfaction_pct(self) -> Decimal | None:
        return _rate(self.cases_satisfied, self.cases_rated)

    @property
    def has_figures(self) -> bool:
        return any(
            (
                self.cases_received,
                self.cases_completed,
                self.cases_missed,
                self.inspections_filed,
                self.inspections_unfiled,
                self.resolutions_open,
            )
        )


@dataclass(frozen=True, slots=True)
class ServiceSection:
    period: Period
    units: tuple[UnitService, ...]  # units with any figure, in the district's unit order
    cases_received: int = 0  # the district's, whoever owns them
    cases_escalated: int = 0
    inspections_merged: int = 0
    inspections_refused: int = 0
    inspections_rated: int = 0
    resolutions_decided: int = 0
    resolutions_closed: int = 0
    resolutions_closed_late: int = 0

    def _sum(self, name: str) -> int:
        return sum(getattr(unit, name) for unit in self.units)

    @property
    def cases_completed(self) -> int:
        return self._sum("cases_completed")

    @property
    def cases_missed(self) -> int:
        return self._sum("cases_missed")

    @property
    def on_time_pct(self) -> Decimal | None:
        return _rate(self._sum("cases_completed_on_time"), self.cases_completed)

    @property
    def satisfaction_pct(self) -> Decimal | None:
        return _rate(self._sum("cases_satisfied"), self._sum("cases_rated"))

    @property
    def inspections_filed(self) -> int:
        return self._sum("inspections_filed")

    @property
    def inspections_unfiled(self) -> int:
        return self._sum("inspections_unfiled")

    @property
    def resolutions_open(self) -> int:
        return self._sum("resolutions_open")

    @property
    def resolutions_overdue(self) -> int:
        return self._sum("resolutions_overdue")

    def named(self, name: str) -> tuple[tuple[str, int], ...]:
        """Units with a non-zero ``name`` figure, most first (ties in unit order): the ones a
        bulletin names."""
        rows = [(unit.name, getattr(unit, name)) for unit in self.units if getattr(unit, name)]
        return tuple(sorted(rows, key=lambda row: -row[1]))

    @property
    def empty(self) -> bool:
        return not (
            self.cases_received
            or self.units
            or self.resolutions_decided
            or self.resolutions_closed
            or self.inspections_refused
        )


def _rate(part: int, whole: int) -> Decimal | None:
    return percent(Decimal(part), Decimal(whole)) if whole else None


def build_section(
    period: Period, units: list[UnitService], **district: int
) -> ServiceSection | None:
    """The section, keeping only units with figures; ``None`` when there is nothing to say."""
    section = ServiceSection(period, tuple(u for u in units if u.has_figures), **district)
    return None if section.empty else section
