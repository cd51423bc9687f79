"""The figures added up from the contributions the handlers keep (rules/contributions.py), in SQL: no child's
history is read or recomputed when a figure is asked. queries/read_model.py with the measures' own rules stays
the reference they must equal."""

from __future__ import annotations

import json
from datetime import date

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi import rules
from services.kpi.models import ChangedMonth, MonthlyChangeRow, NationalYearRow
from services.kpi.rules.contributions import monthly_from_changes
from services.kpi.rules.monthly import Month, series_month_ends
from services.kpi.rules.periods import month_end
from services.kpi.rules.shares import ChildContinuity, DataQualityWarning

_YEARS: sa.Table = NationalYearRow.__table__  # type: ignore[assignment]
_MONTHLY: sa.Table = MonthlyChangeRow.__table__  # type: ignore[assignment]
_CHANGED: sa.Table = ChangedMonth.__table__  # type: ignore[assignment]


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
