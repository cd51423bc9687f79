"""A pod's weekly group supervision: the days it meets."""

from __future__ import annotations

from datetime import date, timedelta


def meeting_days(weekday: int, every_weeks: int, since: date, start: date, until: date) -> list[date]:
    """The days from `start` to `until` (inclusive) on which a pod meeting on `weekday` (Monday 0) every
    `every_weeks` weeks, counted from the first such day on or after `since`, meets."""
    first = since + timedelta(days=(weekday - since.weekday()) % 7)
    step = timedelta(weeks=every_weeks)
    if start > first:
        skipped = (start - first).days // step.days + (1 if (start - first).days % step.days else 0)
        first += step * skipped
    days = []
    day = first
    while day <= until:
        days.append(day)
        day += step
    return days
