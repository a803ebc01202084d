"""Assessment periods: a quarter ("2026-Q1"), a year ("2026") or a month ("2026-03")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from zhaoshang.core.periods import Period, PeriodError

_RE = re.compile(r"^(\d{4})(?:-(?:[Qq]([1-4])|(\d{1,2})))?$")
KIND_LABELS = {"monthly": "月度", "quarterly": "季度", "annual": "年度"}


@dataclass(frozen=True, slots=True)
class AssessmentPeriod:
    year: int
    kind: str
    number: int  # quarter, month, or 12 for the year

    @classmethod
    def parse(cls, text: str) -> AssessmentPeriod:
        match = _RE.match(text.strip())
        if not match:
            raise PeriodError(
                f"考核期间格式应为 2026-Q1(季度)、2026(年度)或 2026-03(月度),收到 “{text}”"
            )
        year = int(match.group(1))
        if match.group(2):
            return cls(year, "quarterly", int(match.group(2)))
        if match.group(3):
            month = int(match.group(3))
            Period(year, month)
            return cls(year, "monthly", month)
        return cls(year, "annual", 12)

    @property
    def month(self) -> int:
        """The last month the period covers (measures are year to date up to it)."""
        return self.number * 3 if self.kind == "quarterly" else self.number

    @property
    def end(self) -> Period:
        return Period(self.year, self.month)

    def __str__(self) -> str:
        if self.kind == "quarterly":
            return f"{self.year}-Q{self.number}"
        if self.kind == "monthly":
            return f"{self.year}-{self.number:02d}"
        return f"{self.year}"

    def label(self) -> str:
        if self.kind == "quarterly":
            names = "一二三四"
            return f"{self.year}年第{names[self.number - 1]}季度"
        if self.kind == "monthly":
            return f"{self.year}年{self.number}月"
        return f"{self.year}年度"
