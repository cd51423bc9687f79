"""Monthly monitoring (kpi.md 3): at each month end, children with an open case, children on a child
protection plan, and children looked after excluding unaccompanied asylum-seeking children and, as national
statistics of children looked after do, children looked after only under short breaks (V3, V4).

Everything is read by effective date, so a status recorded late but effective in an earlier month moves
that month's figure the next time the series is computed.
"""

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from services.kpi.rules.cohorts import SHORT_BREAK_LEGAL_STATUSES
from services.kpi.rules.facts import CasePeriod, ChildFacts, Episode, StatusPeriod
from services.kpi.rules.history import by_child, chronological
from services.kpi.rules.periods import month_end, next_month, previous_month

Month = tuple[int, int]
UNALLOCATED = "unallocated"
_OPEN_CASES, _CP_PLANS, _LOOKED_AFTER = 0, 1, 2


@dataclass(frozen=True, slots=True)
class MonthlyCount:
    """Changes are against the month before (for the first month, the month before the range) and against
    the first month of the range."""

    count: int
    change_since_previous_month: int
    change_since_start: int


@dataclass(frozen=True, slots=True)
class MonthEnd:
    month_end: date
    open_cases: MonthlyCount
    cp_plans: MonthlyCount
    looked_after_excluding_uasc: MonthlyCount


@dataclass(frozen=True, slots=True)
class MonthlySeries:
    """pods: by the pod of the child's episode open at each month end, "unallocated" when none is."""

    first_month_end: date
    last_month_end: date
    service: tuple[MonthEnd, ...]
    pods: Mapping[str, tuple[MonthEnd, ...]]
    cohort: str = "monthly_monitoring"


def monthly_monitoring(
    first_month: Month,
    last_month: Month,
    cases: Iterable[CasePeriod],
    statuses: Iterable[StatusPeriod],
    children: Iterable[ChildFacts],
    episodes: Iterable[Episode],
) -> MonthlySeries:
    """Months are (year, month). A child counts at a month end when the period is open at the end of that
    day; a child without ChildFacts is taken as not UASC."""
    month_ends = series_month_ends(first_month, last_month)
    uasc = {child.child_id for child in children if child.uasc}
    histories = by_child(episodes)
    pods: dict[str, list[list[int]]] = {}
    for child_id, figures in _months_counted(month_ends, cases, statuses, uasc).items():
        pod_at = _pods_at(month_ends, histories.get(child_id, ()))
        for figure, months in enumerate(figures):
            for index in months:
                pod_id = pod_at[index] or UNALLOCATED
                in_pod = pods.get(pod_id) or pods.setdefault(pod_id, _zeros(len(month_ends)))
                in_pod[figure][index] += 1
    return monthly_series(month_ends, pods)


def series_month_ends(first_month: Month, last_month: Month) -> list[date]:
    """The month ends a series reads: the month before the first (for the first change), then each month."""
    if not (1 <= first_month[1] <= 12 and 1 <= last_month[1] <= 12) or first_month > last_month:
        asked = f"{first_month}, {last_month}"
        raise ValueError(f"months must be (year, 1-12), the first not after the last: {asked}")
    return _month_ends(previous_month(*first_month), last_month)


def monthly_series(month_ends: Sequence[date], pods: Mapping[str, Sequence[Sequence[int]]]) -> MonthlySeries:
    """The series from each pod's counts (open cases, CP plans, looked after) at each month end, the first
    being the month before the range; every counted child is in one pod (or "unallocated"), so the service's
    count is their sum. A pod with no child counted at any of these month ends is left out."""
    service = _zeros(len(month_ends))
    shown: dict[str, Sequence[Sequence[int]]] = {}
    for pod_id, counts in sorted(pods.items()):
        if not any(any(series) for series in counts):
            continue
        shown[pod_id] = counts
        for figure, series in enumerate(counts):
            total = service[figure]
            for index, count in enumerate(series):
                total[index] += count
    return MonthlySeries(
        first_month_end=month_ends[1],
        last_month_end=month_ends[-1],
        service=_series(month_ends, service),
        pods={pod_id: _series(month_ends, counts) for pod_id, counts in shown.items()},
    )


def _month_ends(first: Month, last: Month) -> list[date]:
    month_ends: list[date] = []
    month = first
    while month <= last:
        month_ends.append(month_end(*month))
        month = next_month(*month)
    return month_ends


def _months_counted(
    month_ends: Sequence[date], cases: Iterable[CasePeriod], statuses: Iterable[StatusPeriod], uasc: set[str]
) -> dict[str, tuple[set[int], set[int], set[int]]]:
    """For each child, the positions of the month ends at which they count in each figure."""
    counted: dict[str, tuple[set[int], set[int], set[int]]] = {}
    periods = [(case.child_id, _OPEN_CASES, case.start, case.end) for case in cases]
    periods += [
        (status.child_id, _CP_PLANS if status.kind == "CP" else _LOOKED_AFTER, status.start, status.end)
        for status in statuses
        if status.kind == "CP" or (status.kind == "CLA" and status.child_id not in uasc and not _short_break(status))
    ]
    for child_id, figure, start, end in periods:
        covered = _covered(month_ends, start, end)
        if covered:
            counted.setdefault(child_id, (set(), set(), set()))[figure].update(covered)
    return counted


def _short_break(status: StatusPeriod) -> bool:
    """A looked-after period under V3/V4 counts for no one: a child looked after at a month end only under short
    breaks is left out, as national statistics of children looked after leave them out; a child with another
    legal status open that day counts through that period."""
    return status.legal_status in SHORT_BREAK_LEGAL_STATUSES


def _pods_at(month_ends: Sequence[date], episodes: Sequence[Episode]) -> list[str | None]:
    """The pod of the episode open at each month end: of overlapping ones, the latest begun."""
    pod_at: list[str | None] = [None] * len(month_ends)
    for episode in sorted(episodes, key=chronological) if len(episodes) > 1 else episodes:
        covered = _covered(month_ends, episode.start, episode.end)
        pod_at[covered.start : covered.stop] = [episode.pod_id] * len(covered)
    return pod_at


def _zeros(months: int) -> list[list[int]]:
    return [[0] * months for _ in range(3)]


def _covered(month_ends: Sequence[date], start: date, end: date | None) -> range:
    """Positions of the month ends on which the period is in effect (start <= month end < end)."""
    first = bisect_left(month_ends, start)
    return range(first, len(month_ends) if end is None else bisect_left(month_ends, end))


def _series(month_ends: Sequence[date], counts: Sequence[Sequence[int]]) -> tuple[MonthEnd, ...]:
    def counted(figure: int, index: int) -> MonthlyCount:
        series = counts[figure]
        return MonthlyCount(series[index], series[index] - series[index - 1], series[index] - series[1])

    return tuple(
        MonthEnd(
            month_ends[index],
            counted(_OPEN_CASES, index),
            counted(_CP_PLANS, index),
            counted(_LOOKED_AFTER, index),
        )
        for index in range(1, len(month_ends))
    )
