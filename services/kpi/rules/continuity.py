"""The national continuity of social worker measures for looked-after children (kpi.md 1a and 1b)."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from services.kpi.rules.cohorts import dfe_looked_after_on
from services.kpi.rules.data_quality import quality_warnings
from services.kpi.rules.facts import Episode, StatusPeriod, reporting_year
from services.kpi.rules.history import (
    by_child,
    chronology,
    continuity_row,
    current_episode,
    pod_at_window_end,
    without_overlapped,
)

# Re-exported so the three continuity measures (1a, 1b, 1c) are found in one place.
from services.kpi.rules.local_continuity import LocalContinuity as LocalContinuity
from services.kpi.rules.local_continuity import local_continuity as local_continuity
from services.kpi.rules.shares import ChildContinuity, DataQualityWarning, Share, share


@dataclass(frozen=True, slots=True)
class DfeInstability:
    """numerator: cohort children with 3 or more social workers in the year."""

    year: int
    window_from: date
    window_to: date
    as_at: date
    pod_id: str | None
    numerator: int
    denominator: int
    ratio: float
    percent: int
    distribution: Mapping[str, int]
    children: tuple[ChildContinuity, ...]
    data_quality_warnings: tuple[DataQualityWarning, ...]
    cohort: str = "dfe_sw_instability"


def dfe_social_worker_instability(
    year: int, episodes: Iterable[Episode], statuses: Iterable[StatusPeriod], *, pod_id: str | None = None
) -> DfeInstability:
    """DfE social worker instability (SSDA903 social worker module) for the reporting year named by year.

    Cohort: looked after on 31 March, except children looked after that day only under short breaks (every
    looked-after period open on 31 March has legal status V3 or V4). A cohort child with no worker in the
    year stays in the denominator with 0 workers. Workers are counted across all the child's cases,
    including episodes while not looked after. With pod_id, only children whose pod at 31 March (else at
    their last episode in the year) is that pod.
    """
    window_from, window_to = reporting_year(year)
    histories = by_child(episodes)
    rows: list[ChildContinuity] = []
    warnings: list[DataQualityWarning] = []
    for child_id in sorted(dfe_looked_after_on(statuses, window_to)):
        episodes_of_child = histories.get(child_id, [])
        history = chronology(episodes_of_child)
        if pod_id is not None and pod_at_window_end(history, window_from, window_to) != pod_id:
            continue
        rows.append(continuity_row(child_id, history, window_from, window_to))
        warnings.extend(quality_warnings(episodes_of_child, window_from, window_to))
    return dfe_figure(year, pod_id, rows, warnings)


def dfe_figure(
    year: int, pod_id: str | None, rows: Sequence[ChildContinuity], warnings: Sequence[DataQualityWarning]
) -> DfeInstability:
    """The figure from its cohort's rows (in child order) and their warnings: computed here from the episodes,
    or added up from the rows the handlers keep (contributions.py)."""
    window_from, window_to = reporting_year(year)
    distribution = dict.fromkeys(("0", "1", "2", "3", "4+"), 0)
    for row in rows:
        distribution["4+" if row.worker_count >= 4 else str(row.worker_count)] += 1
    headline = share(sum(1 for row in rows if row.worker_count >= 3), len(rows))
    return DfeInstability(
        year=year,
        window_from=window_from,
        window_to=window_to,
        as_at=window_to,
        pod_id=pod_id,
        numerator=headline.numerator,
        denominator=headline.denominator,
        ratio=headline.ratio,
        percent=headline.percent,
        distribution=distribution,
        children=tuple(rows),
        data_quality_warnings=tuple(warnings),
    )


@dataclass(frozen=True, slots=True)
class CommissionerChanges:
    """numerator: cohort children with 2 or more changes of social worker in the year.

    duplicates_dropped and overlapped_dropped: the cohort children's episodes the cleaning removed.
    """

    year: int
    window_from: date
    window_to: date
    as_at: date
    pod_id: str | None
    numerator: int
    denominator: int
    ratio: float
    percent: int
    at_least_one_change: Share
    two_or_more_pod_changes: Share
    at_least_one_pod_change: Share
    children: tuple[ChildContinuity, ...]
    duplicates_dropped: int
    overlapped_dropped: int
    data_quality_warnings: tuple[DataQualityWarning, ...]
    cohort: str = "cco_stability_index_sw"


def commissioner_changes(
    year: int, episodes: Iterable[Episode], statuses: Iterable[StatusPeriod], *, pod_id: str | None = None
) -> CommissionerChanges:
    """Children's Commissioner Stability Index social worker measure for the reporting year named by year.

    Cohort: looked after on 31 March, except children looked after that day only under short breaks (V3,
    V4), as in the DfE count of children looked after at 31 March the Commissioner matched to; with an episode
    open at the end of 31 March. Exact duplicates and episodes lying entirely inside another are dropped
    first. A pod change is a change of worker whose new episode is in another pod than the one before.
    With pod_id, only children whose episode open on 31 March is in that pod.
    """
    window_from, window_to = reporting_year(year)
    histories = by_child(episodes)
    rows: list[ChildContinuity] = []
    warnings: list[DataQualityWarning] = []
    duplicates = overlapped = 0
    for child_id in sorted(dfe_looked_after_on(statuses, window_to)):
        episodes_of_child = histories.get(child_id, [])
        history = chronology(episodes_of_child)
        cleaned = without_overlapped(history)
        current = current_episode(cleaned, window_to)
        if current is None or (pod_id is not None and current.pod_id != pod_id):
            continue
        rows.append(continuity_row(child_id, cleaned, window_from, window_to))
        warnings.extend(quality_warnings(episodes_of_child, window_from, window_to))
        valid = sum(1 for episode in episodes_of_child if episode.end is None or episode.end >= episode.start)
        duplicates += valid - len(history)
        overlapped += len(history) - len(cleaned)
    return commissioner_figure(year, pod_id, rows, warnings, duplicates, overlapped)


def commissioner_figure(
    year: int,
    pod_id: str | None,
    rows: Sequence[ChildContinuity],
    warnings: Sequence[DataQualityWarning],
    duplicates: int,
    overlapped: int,
) -> CommissionerChanges:
    """The figure from its cohort's rows (in child order), their warnings and what the cleaning dropped."""
    window_from, window_to = reporting_year(year)
    headline = share(sum(1 for row in rows if row.changes >= 2), len(rows))
    return CommissionerChanges(
        year=year,
        window_from=window_from,
        window_to=window_to,
        as_at=window_to,
        pod_id=pod_id,
        numerator=headline.numerator,
        denominator=headline.denominator,
        ratio=headline.ratio,
        percent=headline.percent,
        at_least_one_change=share(sum(1 for row in rows if row.changes >= 1), len(rows)),
        two_or_more_pod_changes=share(sum(1 for row in rows if row.pod_changes >= 2), len(rows)),
        at_least_one_pod_change=share(sum(1 for row in rows if row.pod_changes >= 1), len(rows)),
        children=tuple(rows),
        duplicates_dropped=duplicates,
        overlapped_dropped=overlapped,
        data_quality_warnings=tuple(warnings),
    )
