"""The feedback team's tables, from plain facts: complaints received per stage per quarter against the same
quarter a year earlier, the share answered within the statutory time at each stage, compliments per pod per
quarter. Counts are raw for internal use; for publication, counts under the threshold become "<5"
(`shared.disclosure.suppress`, the KPI service's rule too)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from datetime import date

from services.feedback.rules.quarters import Quarter, quarter_of, quarters_of
from services.feedback.rules.results import per_cent
from shared.disclosure import suppress

Count = int | str


def shown(count: int, threshold: int | None) -> Count:
    """A count as reported: raw, or suppressed under the threshold when the table is for publication."""
    return count if threshold is None else suppress(count, threshold)


@dataclass(frozen=True, slots=True)
class QuarterCount:
    quarter: Quarter
    count: Count
    a_year_earlier: Count
    change: int | None
    """The change since the same quarter a year earlier; None where either count is suppressed."""


def per_quarter(days: Iterable[date], year: int, threshold: int | None) -> list[QuarterCount]:
    counts = Counter(quarter_of(day) for day in days)
    rows = []
    for quarter in quarters_of(year):
        now, before = counts[quarter], counts[quarter.a_year_earlier]
        change = now - before if threshold is None else None
        rows.append(QuarterCount(quarter, shown(now, threshold), shown(before, threshold), change))
    return rows


def received_per_stage(
    entries: Iterable[tuple[Hashable, date]], year: int, threshold: int | None
) -> dict[Hashable, list[QuarterCount]]:
    """Complaints entering each stage (received at stage 1, asked for at stage 2 or 3, referred to the Ombudsman)
    per quarter of the year, beside the same quarter a year earlier."""
    by_stage: dict[Hashable, list[date]] = {}
    for stage, day in entries:
        by_stage.setdefault(stage, []).append(day)
    return {stage: per_quarter(days, year, threshold) for stage, days in by_stage.items()}


@dataclass(frozen=True, slots=True)
class Timeliness:
    answered: Count
    in_time: Count
    per_cent_in_time: int | None


def timeliness(outcomes: Iterable[bool], threshold: int | None) -> Timeliness:
    """Of the steps done in the year, how many were done in time; the per cent is withheld when either count is."""
    results = list(outcomes)
    answered, in_time = len(results), sum(results)
    share = per_cent(in_time, answered) if answered else None
    if threshold is not None and (answered < threshold or in_time < threshold):
        share = None
    return Timeliness(shown(answered, threshold), shown(in_time, threshold), share)
