"""Computing each figure from the read model, with a cache that is valid until the next event is applied."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import fields, is_dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi import measures, queries
from services.kpi.measures.facts import reporting_year
from services.kpi.measures.local_continuity import LocalCohort
from services.kpi.settings import KpiSettings

_CACHE: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
_CACHE_SIZE = 64
PER_CHILD_FIELDS = frozenset({"children", "three_or_more_workers"})


async def cached(key: tuple[Any, ...], session: AsyncSession, compute: Callable[[], Awaitable[Any]]) -> Any:
    """A figure is reused only while the read model has not moved: the key includes the freshness mark."""
    mark = await queries.freshness(session)
    full_key = (*key, mark.events_applied, mark.last_applied_at)
    if full_key in _CACHE:
        _CACHE.move_to_end(full_key)
        return _CACHE[full_key]
    value = await compute()
    _CACHE[full_key] = value
    if len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return value


async def dfe(session: AsyncSession, year: int, pod_id: str | None) -> measures.DfeInstability:
    window_from, window_to = reporting_year(year)

    async def compute() -> measures.DfeInstability:
        episodes = await queries.episodes(session, window_from, window_to)
        statuses = await queries.statuses(session, window_to, window_to)
        return measures.dfe_social_worker_instability(year, episodes, statuses, pod_id=pod_id)

    result: measures.DfeInstability = await cached(("dfe", year, pod_id), session, compute)
    return result


async def commissioner(session: AsyncSession, year: int, pod_id: str | None) -> measures.CommissionerChanges:
    window_to = reporting_year(year)[1]

    async def compute() -> measures.CommissionerChanges:
        # Changes count episodes that follow an earlier one, so earlier history is needed too.
        episodes = await queries.episodes(session, None, window_to)
        statuses = await queries.statuses(session, window_to, window_to)
        return measures.commissioner_changes(year, episodes, statuses, pod_id=pod_id)

    result: measures.CommissionerChanges = await cached(("cco", year, pod_id), session, compute)
    return result


async def local(
    session: AsyncSession,
    window_from: date,
    window_to: date,
    cohort: LocalCohort,
    pod_id: str | None,
    worker_id: str | None,
) -> measures.LocalContinuity:
    async def compute() -> measures.LocalContinuity:
        history_from = min(window_from, window_to - timedelta(days=366))
        episodes = await queries.episodes(session, None, window_to)
        statuses = await queries.statuses(session, history_from, window_to)
        cases = await queries.cases(session, history_from, window_to)
        return measures.local_continuity(
            window_from, window_to, cohort, episodes, statuses, cases, pod_id=pod_id, worker_id=worker_id
        )

    key = ("local", window_from, window_to, cohort, pod_id, worker_id)
    result: measures.LocalContinuity = await cached(key, session, compute)
    return result


async def caseloads(session: AsyncSession, as_at: date, settings: KpiSettings) -> dict[str, Any]:
    async def compute() -> dict[str, Any]:
        episodes = await queries.episodes(session, as_at, as_at)
        memberships = await queries.memberships(session, as_at)
        workers = await queries.workers(session)
        statuses = await queries.statuses(session, as_at, as_at)
        loads = measures.caseloads(
            as_at, episodes, memberships, workers, statuses, settings.weights, settings.capacities
        )
        average = measures.dfe_average_caseload(as_at, episodes, memberships)
        return {"caseloads": loads, "dfe_average_caseload": average}

    result: dict[str, Any] = await cached(("caseloads", as_at), session, compute)
    return result


async def monthly(session: AsyncSession, first: tuple[int, int], last: tuple[int, int]) -> measures.MonthlySeries:
    async def compute() -> measures.MonthlySeries:
        window_from = date(first[0], first[1], 1) - timedelta(days=31)
        window_to = date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
        cases = await queries.cases(session, window_from, window_to)
        statuses = await queries.statuses(session, window_from, window_to)
        children = await queries.children(session)
        episodes = await queries.episodes(session, window_from, window_to)
        return measures.monthly_monitoring(first, last, cases, statuses, children, episodes)

    result: measures.MonthlySeries = await cached(("monthly", first, last), session, compute)
    return result


def plain(value: Any, *, drop: frozenset[str] = frozenset()) -> Any:
    """A dataclass tree as JSON-ready values, leaving out the named fields at the top level."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value) if f.name not in drop}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "items") and callable(value.items):
        return {str(k): plain(v) for k, v in value.items()}
    return value
