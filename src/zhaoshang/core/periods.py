"""A reporting period is a (year, month); bulletins cover the year to date (1–N月)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

_PERIOD_RE = re.compile(r"^(\d{4})-(\d{1,2})$")


class PeriodError(ValueError):
    """A period string that is not YYYY-MM, or a month outside 1–12."""


@dataclass(frozen=True, order=True, slots=True)
class Period:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise PeriodError(f"月份应在1至12之间,收到 {self.month}")
        if not 1900 <= self.year <= 9999:
            raise PeriodError(f"年份无效:{self.year}")

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD_RE.match(text.strip())
        if not match:
            raise PeriodError(f"期间格式应为 YYYY-MM(如 2026-03),收到 “{text}”")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def containing(cls, day: date) -> Period:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    @property
    def year_start(self) -> date:
        return date(self.year, 1, 1)

    def previous(self) -> Period:
        if self.month == 1:
            return Period(self.year - 1, 12)
        return Period(self.year, self.month - 1)

    def next(self) -> Period:
        if self.month == 12:
            return Period(self.year + 1, 1)
        return Period(self.year, self.month + 1)

    def same_month_last_year(self) -> Period:
        return Period(self.year - 1, self.month)

    def year_to_date_label(self) -> str:
        """ "1-3月" as bulletins write it; a January bulletin says "1月"."""
        return "1月" if self.month == 1 else f"1-{self.month}月"

    def label(self) -> str:
        return f"{self.year}年{self.month}月"

    def time_progress(self) -> Decimal:
        """Share of the year elapsed at the end of this month (序时进度), unrounded: month / 12."""
        return Decimal(self.month) / Decimal(12)
