"""Working days in England: weekdays that are neither a bank holiday of England and Wales nor a day the council
is closed. Statutory clocks (complaints' stages, child protection visits) are counted in them."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=256)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


class WorkingDays:
    """A calendar of working days: weekends, England and Wales bank holidays and the council's own closure days
    (e.g. the days between Christmas and New Year) are not working days."""

    def __init__(self, closures: Iterable[date] = ()) -> None:
        self.closures = frozenset(closures)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in _bank_holidays(day.year) and day not in self.closures

    def add(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (the day something was received counts as day 0)."""
        if days < 0:
            raise ValueError(f"cannot count back {days} working days")
        day = start
        while days:
            day += timedelta(days=1)
            if self.is_working_day(day):
                days -= 1
        return day

    def between(self, start: date, end: date) -> int:
        """How many working days come after `start` up to and including `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.between(end, start)
        return sum(1 for offset in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(offset)))
