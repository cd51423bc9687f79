"""The visit clock of a child (one rule for records, which keeps the clock, and the KPI service, which counts
the children overdue): when they were last seen, and seen alone, and when the next visit is due for each
status they have open.

Intervals (configurable; see settings.py): a looked-after child every 6 weeks (Care Planning, Placement and Case
Review (England) Regulations 2010, reg. 28); a child protection plan every 10 working days and a child in need
every 20 working days (local-policy defaults). A visit restarts the clocks only when the child was seen: an
unsuccessful visit, or a child not seen on a visit, never does. A clock starts from the later of the status's
start and the last time the child was seen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from shared.calendar import WorkingDays

UNSUCCESSFUL = "unsuccessful"


@dataclass(frozen=True, slots=True)
class VisitIntervals:
    looked_after_weeks: int = 6
    child_protection_working_days: int = 10
    child_in_need_working_days: int = 20

    def due_after(self, status: str, day: date, calendar: WorkingDays) -> date:
        if status == "CLA":
            return day + timedelta(weeks=self.looked_after_weeks)
        if status == "CP":
            return calendar.add(day, self.child_protection_working_days)
        return calendar.add(day, self.child_in_need_working_days)

    def describe(self, status: str) -> str:
        if status == "CLA":
            return f"every {self.looked_after_weeks} weeks"
        days = self.child_protection_working_days if status == "CP" else self.child_in_need_working_days
        return f"every {days} working days"


@dataclass(frozen=True, slots=True)
class OpenStatus:
    kind: str
    start: date
    end: date | None = None

    def open_on(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end >= day)


@dataclass(frozen=True, slots=True)
class Sighting:
    """One child on one completed visit."""

    occurred_on: date
    visit_kind: str
    seen: bool
    seen_alone: bool

    @property
    def counts(self) -> bool:
        return self.seen and self.visit_kind != UNSUCCESSFUL


@dataclass(frozen=True, slots=True)
class StatusClock:
    status: str
    interval: str
    since: date
    due_on: date
    overdue: bool
    days_overdue: int


@dataclass(frozen=True, slots=True)
class VisitClock:
    as_at: date
    last_seen: date | None
    last_seen_alone: date | None
    clocks: tuple[StatusClock, ...]

    @property
    def next_due(self) -> date | None:
        return min((clock.due_on for clock in self.clocks), default=None)

    @property
    def overdue(self) -> bool:
        return any(clock.overdue for clock in self.clocks)


def visit_clock(
    statuses: Iterable[OpenStatus],
    sightings: Iterable[Sighting],
    as_at: date,
    intervals: VisitIntervals,
    calendar: WorkingDays,
) -> VisitClock:
    counted = [s for s in sightings if s.counts and s.occurred_on <= as_at]
    last_seen = max((s.occurred_on for s in counted), default=None)
    last_seen_alone = max((s.occurred_on for s in counted if s.seen_alone), default=None)
    clocks = []
    for status in sorted((s for s in statuses if s.open_on(as_at)), key=lambda s: (s.kind, s.start)):
        since = max(status.start, last_seen) if last_seen else status.start
        due_on = intervals.due_after(status.kind, since, calendar)
        late = max((as_at - due_on).days, 0)
        clocks.append(StatusClock(status.kind, intervals.describe(status.kind), since, due_on, late > 0, late))
    return VisitClock(as_at, last_seen, last_seen_alone, tuple(clocks))
