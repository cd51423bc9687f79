"""Quarters of the reporting year (1 April to 31 March, named by the year it ends in: 2025 is 2024-25, as the DfE
and the KPI service name years): Q1 April-June, Q2 July-September, Q3 October-December, Q4 January-March."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta


@dataclass(frozen=True, slots=True, order=True)
class Quarter:
    year: int
    number: int

    @property
    def start(self) -> date:
        month = 3 * self.number + 1
        return date(self.year - 1, month, 1) if month <= 12 else date(self.year, month - 12, 1)

    @property
    def end(self) -> date:
        following = Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)
        return following.start - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year - 1}-{self.year % 100:02d} Q{self.number}"

    @property
    def a_year_earlier(self) -> Quarter:
        return Quarter(self.year - 1, self.number)


def quarter_of(day: date) -> Quarter:
    if day.month >= 4:
        return Quarter(day.year + 1, (day.month - 4) // 3 + 1)
    return Quarter(day.year, 4)


def quarters_of(year: int) -> list[Quarter]:
    return [Quarter(year, number) for number in (1, 2, 3, 4)]


def reporting_year_of(day: date) -> int:
    return quarter_of(day).year
