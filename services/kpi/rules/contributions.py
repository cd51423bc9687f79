"""What one child contributes to each figure, from that child's facts alone.

The handlers keep these current for every child an event touches, so that a figure adds up stored contributions
instead of recomputing every child's history: the order of the child's episodes (changes, runs with one worker),
the child's row in each year of the national measures, and the child's changes to the month-end counts. Each is
computed with the measures' own rules, so adding them up gives exactly what the measures give.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from services.kpi.rules.continuity import commissioner_changes, dfe_social_worker_instability
from services.kpi.rules.facts import CasePeriod, Episode, StatusPeriod, reporting_year
from services.kpi.rules.history import chronology, current_episode, pod_at_window_end, without_overlapped
from services.kpi.rules.monthly import UNALLOCATED, MonthlySeries, _months_counted, _pods_at, monthly_series
from services.kpi.rules.periods import in_effect_on, month_end, next_month
from services.kpi.rules.shares import ChildContinuity, DataQualityWarning

Measure = str  # "dfe" or "cco"
MonthlyKey = tuple[date, str]  # (month end, pod)


@dataclass(frozen=True, slots=True)
class EpisodeOrder:
    """An episode's place in the child's chronology (history.py): position from 0; changed when its worker differs
    from the episode before it; pod_changed when that change also moved pod; run_start, the start of the unbroken
    run of episodes with this worker that it ends."""

    position: int
    changed: bool
    pod_changed: bool
    run_start: date


def episode_order(episodes: Sequence[Episode]) -> dict[str, EpisodeOrder]:
    """By allocation id; an episode left out of the chronology (a duplicate, or one ending before it starts) has
    no place."""
    placed: dict[str, EpisodeOrder] = {}
    before: Episode | None = None
    run_start = date.min
    for position, episode in enumerate(chronology(episodes)):
        changed = before is not None and episode.worker_id != before.worker_id
        continues = (
            before is not None
            and before.worker_id == episode.worker_id
            and (before.end is None or before.end >= episode.start)
        )
        run_start = run_start if continues else episode.start
        pod_changed = changed and before is not None and episode.pod_id != before.pod_id
        placed[episode.allocation_id] = EpisodeOrder(position, changed, pod_changed, run_start)
        before = episode
    return placed


@dataclass(frozen=True, slots=True)
class NationalYear:
    """A child's part in one reporting year of a national measure (1a "dfe", 1b "cco"). onward: the child's facts
    all lie before this year, so every later year gives the same row. pod_id: the pod the measure's pod filter
    compares."""

    measure: Measure
    year: int
    onward: bool
    pod_id: str | None
    worker_count: int
    changes: int
    pod_changes: int
    workers: tuple[str, ...]
    warnings: tuple[DataQualityWarning, ...]
    duplicates: int
    overlapped: int


def national_years(episodes: Sequence[Episode], statuses: Sequence[StatusPeriod]) -> list[NationalYear]:
    """One child's rows: each year the child is in a national measure's cohort, up to the first year after their
    last fact, which stands for every later year."""
    looked_after = [status for status in statuses if status.kind == "CLA"]
    if not looked_after:
        return []
    last = max(_boundaries(episodes, statuses))
    steady = last.year + 1 if last < date(last.year, 4, 1) else last.year + 2
    first_start = min(status.start for status in looked_after)
    first = first_start.year if first_start <= date(first_start.year, 3, 31) else first_start.year + 1
    rows: list[NationalYear] = []
    for year in range(first, steady + 1):
        window_from, window_to = reporting_year(year)
        if not any(in_effect_on(status.start, status.end, window_to) for status in looked_after):
            continue
        on_the_day = [s for s in statuses if s.start <= window_to and (s.end is None or s.end >= window_to)]
        up_to_the_end = [e for e in episodes if e.start <= window_to]
        in_the_year = [e for e in up_to_the_end if e.end is None or e.end >= window_from]
        onward = year == steady
        dfe = dfe_social_worker_instability(year, in_the_year, on_the_day)
        if dfe.children:
            pod = pod_at_window_end(chronology(in_the_year), window_from, window_to)
            rows.append(_row("dfe", year, onward, pod, dfe.children[0], dfe.data_quality_warnings, 0, 0))
        cco = commissioner_changes(year, up_to_the_end, on_the_day)
        if cco.children:
            current = current_episode(without_overlapped(chronology(up_to_the_end)), window_to)
            pod = current.pod_id if current is not None else None
            rows.append(
                _row(
                    "cco",
                    year,
                    onward,
                    pod,
                    cco.children[0],
                    cco.data_quality_warnings,
                    cco.duplicates_dropped,
                    cco.overlapped_dropped,
                )
            )
    return rows


def _row(
    measure: Measure,
    year: int,
    onward: bool,
    pod_id: str | None,
    child: ChildContinuity,
    warnings: tuple[DataQualityWarning, ...],
    duplicates: int,
    overlapped: int,
) -> NationalYear:
    return NationalYear(
        measure,
        year,
        onward,
        pod_id,
        child.worker_count,
        child.changes,
        child.pod_changes,
        child.workers,
        warnings,
        duplicates,
        overlapped,
    )


def monthly_changes(
    cases: Sequence[CasePeriod], statuses: Sequence[StatusPeriod], uasc: bool, episodes: Sequence[Episode]
) -> Counter[tuple[date, str, int]]:
    """How one child moves the month-end counts: (month end, pod, figure) -> +1 where the child starts counting
    there, -1 where they stop; a figure is monthly.py's position (open cases, CP plans, looked after). The count at
    a month end is the sum of the changes up to it."""
    dates = _boundaries(cases, statuses, episodes)
    changes: Counter[tuple[date, str, int]] = Counter()
    if not dates:
        return changes
    month_ends = _months_between(min(dates), max(dates))
    child_id = (cases or statuses or episodes)[0].child_id
    counted = _months_counted(month_ends, cases, statuses, {child_id} if uasc else set()).get(child_id)
    if counted is None:
        return changes
    pods = [pod or UNALLOCATED for pod in _pods_at(month_ends, episodes)]
    for figure, months in enumerate(counted):
        before: str | None = None
        for index, month in enumerate(month_ends):
            now = pods[index] if index in months else None
            if now != before:
                if before is not None:
                    changes[(month, before, figure)] -= 1
                if now is not None:
                    changes[(month, now, figure)] += 1
                before = now
    return changes


def monthly_from_changes(
    month_ends: Sequence[date],
    before: Mapping[str, tuple[int, int, int]],
    changes: Iterable[tuple[date, str, int, int, int]],
) -> MonthlySeries:
    """The series added up from the kept changes: before, each pod's counts at the first month end (the sum of
    its changes up to it); changes, (month end, pod, open cases, CP plans, looked after) after it, up to the
    last month end."""
    moves: dict[str, dict[date, tuple[int, int, int]]] = {}
    for month, pod, *figures in changes:
        moves.setdefault(pod, {})[month] = (figures[0], figures[1], figures[2])
    pods: dict[str, list[list[int]]] = {}
    for pod in sorted({*before, *moves}):
        running = list(before.get(pod, (0, 0, 0)))
        counts: list[list[int]] = [[], [], []]
        for index, month in enumerate(month_ends):
            if index > 0:
                for figure, change in enumerate(moves.get(pod, {}).get(month, (0, 0, 0))):
                    running[figure] += change
            for figure in range(3):
                counts[figure].append(running[figure])
        pods[pod] = counts
    return monthly_series(month_ends, pods)


class _Period(Protocol):
    @property
    def start(self) -> date: ...
    @property
    def end(self) -> date | None: ...


def _boundaries(*groups: Sequence[_Period]) -> list[date]:
    return [day for periods in groups for period in periods for day in (period.start, period.end) if day is not None]


def _months_between(first: date, last: date) -> list[date]:
    # From the month of the earliest fact to the month of the latest: before it nothing counts, and from the
    # end of the last one on nothing changes any more.
    months: list[date] = []
    month = (first.year, first.month)
    while month <= (last.year, last.month):
        months.append(month_end(*month))
        month = next_month(*month)
    return months
