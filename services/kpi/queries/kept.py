"""The figures added up from the contributions the handlers keep (rules/contributions.py), in SQL: no child's
history is read or recomputed when a figure is asked. queries/read_model.py with the measures' own rules stays
the reference they must equal."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from itertools import starmap

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi import rules
from services.kpi.models import AllocationRow, ChangedMonth, MonthlyChangeRow, NationalYearRow
from services.kpi.queries import read_model
from services.kpi.rules.contributions import monthly_from_changes
from services.kpi.rules.data_quality import quality_warnings
from services.kpi.rules.facts import Episode
from services.kpi.rules.local_continuity import REASON_NOT_RECORDED, LocalCohort, local_continuity_figure
from services.kpi.rules.monthly import Month, series_month_ends
from services.kpi.rules.periods import month_end, twelve_months_to
from services.kpi.rules.shares import ChildContinuity, DataQualityWarning

_YEARS: sa.Table = NationalYearRow.__table__  # type: ignore[assignment]
_MONTHLY: sa.Table = MonthlyChangeRow.__table__  # type: ignore[assignment]
_CHANGED: sa.Table = ChangedMonth.__table__  # type: ignore[assignment]
_ALLOCATIONS: sa.Table = AllocationRow.__table__  # type: ignore[assignment]


async def changed_up_to(session: AsyncSession, day: date) -> tuple[int, int]:
    """A fingerprint of every fact a figure reading up to day can see: it moves whenever a batch changes a fact
    dated in a month up to day's (each such month's version only grows), and only then."""
    c = _CHANGED.c
    up_to = month_end(day.year, day.month)
    query = sa.select(sa.func.count(), sa.func.coalesce(sa.func.sum(c.version), 0)).where(c.month_end <= up_to)
    count, total = (await session.execute(query)).one()
    return int(count), int(total)


async def _years(
    session: AsyncSession, measure: str, year: int, pod_id: str | None
) -> tuple[list[ChildContinuity], list[DataQualityWarning], int, int]:
    y = _YEARS.c
    query = (
        sa.select(y.child_id, y.worker_count, y.changes, y.pod_changes, y.workers, y.warnings)
        .add_columns(y.duplicates, y.overlapped)
        .where(y.measure == measure, sa.or_(y.year == year, sa.and_(y.onward.is_(True), y.year < year)))
        .order_by(y.child_id)
    )
    if pod_id is not None:
        query = query.where(y.pod_id == pod_id)
    children: list[ChildContinuity] = []
    warnings: list[DataQualityWarning] = []
    duplicates = overlapped = 0
    for child_id, count, changes, pod_changes, workers, warned, dropped, inside in await session.execute(query):
        children.append(
            ChildContinuity(child_id, count, changes, pod_changes, tuple(workers.split(",") if workers else ()))
        )
        if warned:
            warnings += [DataQualityWarning(*warning) for warning in json.loads(warned)]
        duplicates += dropped
        overlapped += inside
    return children, warnings, duplicates, overlapped


async def dfe(session: AsyncSession, year: int, pod_id: str | None) -> rules.DfeInstability:
    children, warnings, _, _ = await _years(session, "dfe", year, pod_id)
    return rules.dfe_figure(year, pod_id, children, warnings)


async def commissioner(session: AsyncSession, year: int, pod_id: str | None) -> rules.CommissionerChanges:
    children, warnings, duplicates, overlapped = await _years(session, "cco", year, pod_id)
    return rules.commissioner_figure(year, pod_id, children, warnings, duplicates, overlapped)


async def monthly(session: AsyncSession, first: Month, last: Month) -> rules.MonthlySeries:
    month_ends = series_month_ends(first, last)
    m = _MONTHLY.c
    before_query = (
        sa.select(m.pod_id, sa.func.sum(m.open_cases), sa.func.sum(m.cp_plans), sa.func.sum(m.looked_after))
        .where(m.month_end <= month_ends[0])
        .group_by(m.pod_id)
    )
    before = {pod: (int(a), int(b), int(c)) for pod, a, b, c in await session.execute(before_query)}
    inside_query = sa.select(m.month_end, m.pod_id, m.open_cases, m.cp_plans, m.looked_after).where(
        m.month_end > month_ends[0], m.month_end <= month_ends[-1]
    )
    inside = [(month, pod, a, b, c) for month, pod, a, b, c in await session.execute(inside_query)]
    return monthly_from_changes(month_ends, before, inside)


async def local(
    session: AsyncSession,
    window_from: date,
    window_to: date,
    cohort: LocalCohort,
    pod_id: str | None,
    worker_id: str | None,
) -> rules.LocalContinuity:
    """Local continuity from each episode's kept place in its child's chronology (position, changed, pod_changed,
    run_start): the chronology of the episodes begun by window_to is the start of the whole one, so the places
    the handlers keep are the places the reference computes. Only aggregates per child and worker come back."""
    year_from, _ = twelve_months_to(window_to)
    earliest = min(window_from, year_from)
    a = _ALLOCATIONS.c
    children = _local_children(cohort, window_to, pod_id, worker_id)
    placed = sa.and_(a.position.is_not(None), a.start <= window_to, a.child_id.in_(children))
    in_window = sa.and_(a.start <= window_to, sa.or_(a.end.is_(None), a.end >= window_from))
    in_year = sa.and_(a.start <= window_to, sa.or_(a.end.is_(None), a.end >= year_from))

    def counted(condition: sa.ColumnElement[bool]) -> sa.ColumnElement[int]:
        return sa.func.sum(sa.case((condition, 1), else_=0))

    changed_in_window = sa.and_(a.changed.is_(True), a.start >= window_from)
    changed_in_year = sa.and_(a.changed.is_(True), a.start >= year_from)
    per_worker = (
        sa.select(
            a.child_id,
            a.worker_id,
            sa.func.min(sa.case((in_window, a.position))),
            sa.func.min(sa.case((in_year, a.position))),
            counted(changed_in_window),
            counted(sa.and_(changed_in_window, a.pod_changed.is_(True))),
            counted(changed_in_year),
            counted(sa.and_(changed_in_year, a.pod_changed.is_(True))),
        )
        .where(placed, sa.or_(a.end.is_(None), a.end >= earliest))
        .group_by(a.child_id, a.worker_id)
    )
    window: dict[str, list[tuple[int, str]]] = {}
    year: dict[str, list[tuple[int, str]]] = {}
    changes: Counter[str] = Counter()
    pod_changes: Counter[str] = Counter()
    year_changes: Counter[str] = Counter()
    year_pod_changes: Counter[str] = Counter()
    for child, worker, first_in_window, first_in_year, *moved in await session.execute(per_worker):
        if first_in_window is not None:
            window.setdefault(child, []).append((first_in_window, worker))
        if first_in_year is not None:
            year.setdefault(child, []).append((first_in_year, worker))
        changes[child] += moved[0]
        pod_changes[child] += moved[1]
        year_changes[child] += moved[2]
        year_pod_changes[child] += moved[3]
    cohort_ids = sorted(set((await session.execute(children)).scalars()))
    rows = [
        ChildContinuity(child, len(workers), changes[child], pod_changes[child], tuple(w for _, w in workers))
        for child in cohort_ids
        for workers in [sorted(window.get(child, []))]
    ]
    three_or_more = [
        ChildContinuity(child, len(workers), year_changes[child], year_pod_changes[child], tuple(w for _, w in workers))
        for child in cohort_ids
        for workers in [sorted(year.get(child, []))]
        if len(workers) >= 3
    ]
    reason = sa.func.coalesce(sa.func.nullif(a.reason, ""), REASON_NOT_RECORDED)
    reasons_query = sa.select(reason, sa.func.count()).where(placed, changed_in_window).group_by(reason)
    reasons = {code: int(count) for code, count in await session.execute(reasons_query)}
    held = await _days_held(session, children, window_to)
    warnings = await _local_warnings(session, children, earliest, window_to)
    return local_continuity_figure(
        window_from,
        window_to,
        cohort,
        pod_id,
        worker_id,
        rows,
        unchanged=sum(1 for child in cohort_ids if year_changes[child] == 0),
        days_held=held,
        reasons=reasons,
        three_or_more=three_or_more,
        warnings=warnings,
    )


def _local_children(cohort: LocalCohort, day: date, pod_id: str | None, worker_id: str | None) -> read_model.Children:
    """The cohort's children; with pod_id or worker_id, those whose episode open at the end of day (the latest
    begun, if several) is in that pod or with that worker."""
    in_cohort = read_model.with_open_case_on(day) if cohort == "all" else read_model.with_status_on(cohort.upper(), day)
    if pod_id is None and worker_id is None:
        return in_cohort
    a = _ALLOCATIONS.c
    current = _current(in_cohort, day)
    query = sa.select(a.child_id).join(current, sa.and_(a.child_id == current.c.child_id, a.position == current.c.at))
    if pod_id is not None:
        query = query.where(sa.func.coalesce(a.pod_id, "") == pod_id)
    if worker_id is not None:
        query = query.where(a.worker_id == worker_id)
    return query


def _current(children: read_model.Children, day: date) -> sa.Subquery:
    """Each child's place of the episode holding them at the end of day."""
    a = _ALLOCATIONS.c
    return (
        sa.select(a.child_id, sa.func.max(a.position).label("at"))
        .where(
            a.position.is_not(None),
            a.start <= day,
            sa.or_(a.end.is_(None), a.end > day),
            a.child_id.in_(children),
        )
        .group_by(a.child_id)
        .subquery()
    )


async def _days_held(session: AsyncSession, children: read_model.Children, day: date) -> dict[int, int]:
    """Days with the current worker -> how many children, from the start of the current episode's run."""
    a = _ALLOCATIONS.c
    current = _current(children, day)
    query = (
        sa.select(a.run_start, sa.func.count())
        .join(current, sa.and_(a.child_id == current.c.child_id, a.position == current.c.at))
        .group_by(a.run_start)
    )
    return {(day - run_start).days: int(count) for run_start, count in await session.execute(query)}


async def _local_warnings(
    session: AsyncSession, children: read_model.Children, window_from: date, window_to: date
) -> list[DataQualityWarning]:
    """rules/data_quality.py's warnings over the children's episodes begun by window_to: only the few episodes
    that end on or before the day they start can have one, so only those are read."""
    a = _ALLOCATIONS.c
    query = sa.select(
        a.allocation_id, a.child_id, a.case_id, a.worker_id, sa.func.coalesce(a.pod_id, ""), a.start, a.end, a.reason
    ).where(
        a.worker_id.is_not(None),
        a.entered_in_error.is_not(True),
        a.start.is_not(None),
        a.start <= window_to,
        a.end <= a.start,
        a.child_id.in_(children),
    )
    return quality_warnings(starmap(Episode, await session.execute(query)), window_from, window_to)
