"""Computing each figure from the read model, with a cache that is valid until the next event is applied."""

from __future__ import annotations

import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, timedelta
from typing import Any, Generic, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi import measures, queries
from services.kpi.measures.facts import reporting_year
from services.kpi.measures.local_continuity import LocalCohort
from services.kpi.queries import Freshness
from services.kpi.settings import KpiSettings

T = TypeVar("T")
_CACHE_SIZE = 64
# One cache per database: two KPI databases in one process (tests, a replay into a fresh database) can have
# the same freshness mark and must never answer for each other.
_CACHES: weakref.WeakKeyDictionary[Engine, OrderedDict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()
PER_CHILD_FIELDS = frozenset({"children", "three_or_more_workers"})


@dataclass(frozen=True, slots=True)
class Reckoned(Generic[T]):
    """A figure and the freshness of the read model it was computed from."""

    value: T
    freshness: Freshness


async def cached(key: tuple[Any, ...], session: AsyncSession, compute: Callable[[], Awaitable[T]]) -> Reckoned[T]:
    """A figure is reused only while the read model has not moved: the key includes the freshness mark."""
    await _one_snapshot(session)
    mark = await queries.freshness(session)
    cache = _CACHES.setdefault(session.get_bind().engine, OrderedDict())
    full_key = (*key, mark.events_applied, mark.last_applied_at)
    if full_key in cache:
        cache.move_to_end(full_key)
        hit: T = cache[full_key]
        return Reckoned(hit, mark)
    value = await compute()
    cache[full_key] = value
    if len(cache) > _CACHE_SIZE:
        cache.popitem(last=False)
    return Reckoned(value, mark)


async def _one_snapshot(session: AsyncSession) -> None:
    # A figure reads several tables; on PostgreSQL each statement would otherwise see the batches committed
    # since the one before. SQLite's transaction is one snapshot already.
    if not session.in_transaction() and session.get_bind().dialect.name == "postgresql":
        await session.connection(execution_options={"isolation_level": "REPEATABLE READ"})


async def dfe(session: AsyncSession, year: int, pod_id: str | None) -> Reckoned[measures.DfeInstability]:
    window_from, window_to = reporting_year(year)

    async def compute() -> measures.DfeInstability:
        cohort = queries.looked_after_on(window_to)
        episodes = await queries.episodes(session, window_from, window_to, of_children=cohort)
        statuses = await queries.statuses(session, window_to, window_to)
        return measures.dfe_social_worker_instability(year, episodes, statuses, pod_id=pod_id)

    return await cached(("dfe", year, pod_id), session, compute)


async def commissioner(session: AsyncSession, year: int, pod_id: str | None) -> Reckoned[measures.CommissionerChanges]:
    window_to = reporting_year(year)[1]

    async def compute() -> measures.CommissionerChanges:
        # Changes count episodes that follow an earlier one, so the cohort's earlier history is needed too.
        episodes = await queries.episodes(session, None, window_to, of_children=queries.looked_after_on(window_to))
        statuses = await queries.statuses(session, window_to, window_to)
        return measures.commissioner_changes(year, episodes, statuses, pod_id=pod_id)

    return await cached(("cco", year, pod_id), session, compute)


def _local_cohort(cohort: LocalCohort, day: date) -> queries.Children:
    if cohort == "all":
        return queries.with_open_case_on(day)
    return queries.with_status_on(cohort.upper(), day)


async def local(
    session: AsyncSession,
    window_from: date,
    window_to: date,
    cohort: LocalCohort,
    pod_id: str | None,
    worker_id: str | None,
) -> Reckoned[measures.LocalContinuity]:
    async def compute() -> measures.LocalContinuity:
        history_from = min(window_from, window_to - timedelta(days=366))
        of_cohort = _local_cohort(cohort, window_to)
        episodes = await queries.episodes(session, None, window_to, of_children=of_cohort)
        statuses = await queries.statuses(session, history_from, window_to)
        cases = await queries.cases(session, history_from, window_to)
        return measures.local_continuity(
            window_from, window_to, cohort, episodes, statuses, cases, pod_id=pod_id, worker_id=worker_id
        )

    return await cached(("local", window_from, window_to, cohort, pod_id, worker_id), session, compute)


async def caseloads(session: AsyncSession, as_at: date, settings: KpiSettings) -> Reckoned[dict[str, Any]]:
    async def compute() -> dict[str, Any]:
        episodes = await queries.episodes(session, as_at, as_at)
        memberships = await queries.memberships(session, as_at)
        workers = await queries.workers(session)
        statuses = await queries.statuses(session, as_at, as_at)
        court = await queries.court_proceedings(session, as_at)
        families = await queries.siblings(session, of_children=queries.with_open_case_on(as_at))
        loads = measures.caseloads(
            as_at, episodes, memberships, workers, statuses, settings.weights, settings.capacities, court, families
        )
        average = measures.dfe_average_caseload(as_at, episodes, memberships)
        return {"caseloads": loads, "dfe_average_caseload": average}

    weighting = (tuple(sorted(settings.weights.items())), tuple(sorted(settings.capacities.items())))
    return await cached(("caseloads", as_at, weighting), session, compute)


async def monthly(
    session: AsyncSession, first: tuple[int, int], last: tuple[int, int]
) -> Reckoned[measures.MonthlySeries]:
    async def compute() -> measures.MonthlySeries:
        window_from = date(first[0], first[1], 1) - timedelta(days=31)
        window_to = date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
        cases = await queries.cases(session, window_from, window_to)
        statuses = await queries.statuses(session, window_from, window_to)
        children = await queries.uasc_children(session)
        episodes = await queries.episodes(session, window_from, window_to)
        return measures.monthly_monitoring(first, last, cases, statuses, children, episodes)

    return await cached(("monthly", first, last), session, compute)


def plain(value: Any, *, drop: frozenset[str] = frozenset()) -> Any:
    """A dataclass tree as JSON-ready values, leaving out the named fields at the top level."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in fields(value) if f.name not in drop}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
