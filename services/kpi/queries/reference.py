"""The reference computation of every figure: the read model's facts loaded and handed to the measures' rules.
The fast path (queries/kept.py) must give exactly what this gives; the tests hold it to that."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi import rules
from services.kpi.queries import read_model
from services.kpi.rules.facts import reporting_year
from services.kpi.rules.local_continuity import LocalCohort
from services.kpi.settings import KpiSettings


async def dfe(session: AsyncSession, year: int, pod_id: str | None) -> rules.DfeInstability:
    window_from, window_to = reporting_year(year)
    cohort = read_model.looked_after_on(window_to)
    episodes = await read_model.episodes(session, window_from, window_to, of_children=cohort)
    statuses = await read_model.statuses(session, window_to, window_to)
    return rules.dfe_social_worker_instability(year, episodes, statuses, pod_id=pod_id)


async def commissioner(session: AsyncSession, year: int, pod_id: str | None) -> rules.CommissionerChanges:
    window_to = reporting_year(year)[1]
    # Changes count episodes that follow an earlier one, so the cohort's earlier history is needed too.
    episodes = await read_model.episodes(session, None, window_to, of_children=read_model.looked_after_on(window_to))
    statuses = await read_model.statuses(session, window_to, window_to)
    return rules.commissioner_changes(year, episodes, statuses, pod_id=pod_id)


def _local_cohort(cohort: LocalCohort, day: date) -> read_model.Children:
    if cohort == "all":
        return read_model.with_open_case_on(day)
    return read_model.with_status_on(cohort.upper(), day)


async def local(
    session: AsyncSession,
    window_from: date,
    window_to: date,
    cohort: LocalCohort,
    pod_id: str | None,
    worker_id: str | None,
) -> rules.LocalContinuity:
    history_from = min(window_from, window_to - timedelta(days=366))
    episodes = await read_model.episodes(session, None, window_to, of_children=_local_cohort(cohort, window_to))
    statuses = await read_model.statuses(session, history_from, window_to)
    cases = await read_model.cases(session, history_from, window_to)
    return rules.local_continuity(
        window_from, window_to, cohort, episodes, statuses, cases, pod_id=pod_id, worker_id=worker_id
    )


async def caseloads(session: AsyncSession, as_at: date, settings: KpiSettings) -> dict[str, Any]:
    episodes = await read_model.episodes(session, as_at, as_at)
    memberships = await read_model.memberships(session, as_at)
    workers = await read_model.workers(session)
    statuses = await read_model.statuses(session, as_at, as_at)
    court = await read_model.court_proceedings(session, as_at)
    families = await read_model.siblings(session, of_children=read_model.with_open_case_on(as_at))
    loads = rules.caseloads(
        as_at, episodes, memberships, workers, statuses, settings.weights, settings.capacities, court, families
    )
    average = rules.dfe_average_caseload(as_at, episodes, memberships)
    return {"caseloads": loads, "dfe_average_caseload": average}


async def monthly(session: AsyncSession, first: tuple[int, int], last: tuple[int, int]) -> rules.MonthlySeries:
    window_from = date(first[0], first[1], 1) - timedelta(days=31)
    window_to = date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
    cases = await read_model.cases(session, window_from, window_to)
    statuses = await read_model.statuses(session, window_from, window_to)
    children = await read_model.uasc_children(session)
    episodes = await read_model.episodes(session, window_from, window_to)
    return rules.monthly_monitoring(first, last, cases, statuses, children, episodes)
