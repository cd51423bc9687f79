"""Local continuity of social worker for every open child, not only looked-after ones (kpi.md 1c)."""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import Literal

from services.kpi.rules.cohorts import with_open_case_on, with_status_on
from services.kpi.rules.data_quality import quality_warnings
from services.kpi.rules.facts import CasePeriod, Episode, StatusKind, StatusPeriod
from services.kpi.rules.history import (
    by_child,
    chronology,
    continuity_row,
    current_episode,
    days_with_current_worker,
    worker_changes,
)
from services.kpi.rules.periods import twelve_months_to
from services.kpi.rules.shares import ChildContinuity, DataQualityWarning, share

LocalCohort = Literal["all", "cin", "cp", "cla"]
REASON_NOT_RECORDED = "NOT_RECORDED"
_STATUS_OF_COHORT: Mapping[str, StatusKind] = {"cin": "CIN", "cp": "CP", "cla": "CLA"}


@dataclass(frozen=True, slots=True)
class LocalContinuity:
    """numerator: cohort children with no change of worker in the twelve months to window_to.

    population is the cohort asked for (all, cin, cp, cla). children: one row per cohort child over the
    window; three_or_more_workers: the children with 3+ workers in the twelve months to window_to.
    """

    window_from: date
    window_to: date
    population: LocalCohort
    pod_id: str | None
    worker_id: str | None
    numerator: int
    denominator: int
    ratio: float
    percent: int
    changes_per_child: float
    workers_per_child: float
    median_days_with_current_worker: float | None
    changes_within_pod: int
    changes_across_pods: int
    reasons_for_change: Mapping[str, int]
    three_or_more_workers: tuple[ChildContinuity, ...]
    children: tuple[ChildContinuity, ...]
    data_quality_warnings: tuple[DataQualityWarning, ...]
    cohort: str = "local_continuity"


def local_continuity(
    window_from: date,
    window_to: date,
    cohort: LocalCohort,
    episodes: Iterable[Episode],
    statuses: Iterable[StatusPeriod],
    cases: Iterable[CasePeriod],
    pod_id: str | None = None,
    worker_id: str | None = None,
) -> LocalContinuity:
    """Cohort: children with an open case ("all") or an open CIN / CP / CLA status at the end of window_to;
    with pod_id or worker_id, only those whose episode open at window_to is in that pod or with that worker.

    Changes, workers, pod changes and reasons are counted over the window; "no change" and "3+ workers"
    over the twelve months to window_to; days with the current worker run from the start of the current
    worker's unbroken run of episodes, and children with nobody allocated at window_to are left out of it.
    A change whose episode has no reason code is counted under NOT_RECORDED.
    """
    if window_from > window_to:
        raise ValueError(f"window_from {window_from} is after window_to {window_to}")
    year_from, _ = twelve_months_to(window_to)
    histories = by_child(episodes)
    rows: list[ChildContinuity] = []
    three_or_more: list[ChildContinuity] = []
    warnings: list[DataQualityWarning] = []
    days_held: list[int] = []
    reasons: Counter[str] = Counter()
    unchanged = 0
    for child_id in sorted(_cohort(cohort, statuses, cases, window_to)):
        episodes_of_child = histories.get(child_id, [])
        history = chronology(episodes_of_child)
        current = current_episode(history, window_to)
        if (pod_id is not None or worker_id is not None) and (
            current is None
            or (pod_id is not None and current.pod_id != pod_id)
            or (worker_id is not None and current.worker_id != worker_id)
        ):
            continue
        rows.append(continuity_row(child_id, history, window_from, window_to))
        last_twelve_months = continuity_row(child_id, history, year_from, window_to)
        if last_twelve_months.changes == 0:
            unchanged += 1
        if last_twelve_months.worker_count >= 3:
            three_or_more.append(last_twelve_months)
        changed_to = (after for _, after in worker_changes(history, window_from, window_to))
        reasons.update(episode.reason or REASON_NOT_RECORDED for episode in changed_to)
        held = days_with_current_worker(history, window_to)
        if held is not None:
            days_held.append(held)
        warnings.extend(quality_warnings(episodes_of_child, min(window_from, year_from), window_to))
    return local_continuity_figure(
        window_from,
        window_to,
        cohort,
        pod_id,
        worker_id,
        rows,
        unchanged=unchanged,
        days_held=Counter(days_held),
        reasons=reasons,
        three_or_more=three_or_more,
        warnings=warnings,
    )


def local_continuity_figure(
    window_from: date,
    window_to: date,
    cohort: LocalCohort,
    pod_id: str | None,
    worker_id: str | None,
    rows: Sequence[ChildContinuity],
    *,
    unchanged: int,
    days_held: Mapping[int, int],
    reasons: Mapping[str, int],
    three_or_more: Sequence[ChildContinuity],
    warnings: Sequence[DataQualityWarning],
) -> LocalContinuity:
    """The figure from its cohort's rows over the window (in child order), how many of them had no change in the
    twelve months to window_to, days with the current worker -> how many children, the reasons for change, the
    children with 3+ workers in the twelve months and the warnings: computed here from the episodes, or added up
    in SQL from the places the handlers keep (queries/kept.py)."""
    headline = share(unchanged, len(rows))
    changes = sum(row.changes for row in rows)
    across_pods = sum(row.pod_changes for row in rows)
    return LocalContinuity(
        window_from=window_from,
        window_to=window_to,
        population=cohort,
        pod_id=pod_id,
        worker_id=worker_id,
        numerator=headline.numerator,
        denominator=headline.denominator,
        ratio=headline.ratio,
        percent=headline.percent,
        changes_per_child=changes / len(rows) if rows else 0.0,
        workers_per_child=sum(row.worker_count for row in rows) / len(rows) if rows else 0.0,
        median_days_with_current_worker=_median(days_held),
        changes_within_pod=changes - across_pods,
        changes_across_pods=across_pods,
        reasons_for_change=dict(sorted((code, count) for code, count in reasons.items() if count)),
        three_or_more_workers=tuple(three_or_more),
        children=tuple(rows),
        data_quality_warnings=tuple(warnings),
    )


def _median(counts: Mapping[int, int]) -> float | None:
    """statistics.median of the values each repeated its count of times, without building the list."""
    total = sum(counts.values())
    if total == 0:
        return None
    middle = [(total - 1) // 2, total // 2]
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    return float(median(found))


def _cohort(
    cohort: LocalCohort,
    statuses: Iterable[StatusPeriod],
    cases: Iterable[CasePeriod],
    day: date,
) -> set[str]:
    if cohort == "all":
        return with_open_case_on(cases, day)
    if cohort not in _STATUS_OF_COHORT:
        raise ValueError(f"unknown cohort {cohort!r}: expected all, cin, cp or cla")
    return with_status_on(statuses, _STATUS_OF_COHORT[cohort], day)
