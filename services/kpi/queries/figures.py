"""Computing each figure from the read model, with a cache that is valid until the next event is applied."""

from __future__ import annotations

import uuid
import weakref
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, timedelta
from typing import Any, Generic, Literal, TypeVar

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession

from services.kpi import rules
from services.kpi.queries import read_model
from services.kpi.queries.read_model import Freshness
from services.kpi.rules.facts import reporting_year
from services.kpi.rules.local_continuity import LocalCohort
from services.kpi.settings import KpiSettings
from shared.auth import Principal
from shared.problems import Forbidden, Invalid
from shared.runtime.unit_of_work import UnitOfWork

T = TypeVar("T")
_CACHE_SIZE = 64
# One cache per database: two KPI databases in one process (tests, a replay into a fresh database) can have
# the same freshness mark and must never answer for each other.
_CACHES: weakref.WeakKeyDictionary[Engine, OrderedDict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()
PER_CHILD_FIELDS = frozenset({"children", "three_or_more_workers"})
Measure = Literal["dfe", "cco", "local"]
Cohort = Literal["all", "cin", "cp", "cla"]


@dataclass(frozen=True, slots=True)
class Reckoned(Generic[T]):
    """A figure and the freshness of the read model it was computed from."""

    value: T
    freshness: Freshness


async def cached(key: tuple[Any, ...], session: AsyncSession, compute: Callable[[], Awaitable[T]]) -> Reckoned[T]:
    """A figure is reused only while the read model has not moved: the key includes the freshness mark."""
    await _one_snapshot(session)
    mark = await read_model.freshness(session)
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


async def dfe(session: AsyncSession, year: int, pod_id: str | None) -> Reckoned[rules.DfeInstability]:
    window_from, window_to = reporting_year(year)

    async def compute() -> rules.DfeInstability:
        cohort = read_model.looked_after_on(window_to)
        episodes = await read_model.episodes(session, window_from, window_to, of_children=cohort)
        statuses = await read_model.statuses(session, window_to, window_to)
        return rules.dfe_social_worker_instability(year, episodes, statuses, pod_id=pod_id)

    return await cached(("dfe", year, pod_id), session, compute)


async def commissioner(session: AsyncSession, year: int, pod_id: str | None) -> Reckoned[rules.CommissionerChanges]:
    window_to = reporting_year(year)[1]

    async def compute() -> rules.CommissionerChanges:
        # Changes count episodes that follow an earlier one, so the cohort's earlier history is needed too.
        episodes = await read_model.episodes(
            session, None, window_to, of_children=read_model.looked_after_on(window_to)
        )
        statuses = await read_model.statuses(session, window_to, window_to)
        return rules.commissioner_changes(year, episodes, statuses, pod_id=pod_id)

    return await cached(("cco", year, pod_id), session, compute)


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
) -> Reckoned[rules.LocalContinuity]:
    async def compute() -> rules.LocalContinuity:
        history_from = min(window_from, window_to - timedelta(days=366))
        of_cohort = _local_cohort(cohort, window_to)
        episodes = await read_model.episodes(session, None, window_to, of_children=of_cohort)
        statuses = await read_model.statuses(session, history_from, window_to)
        cases = await read_model.cases(session, history_from, window_to)
        return rules.local_continuity(
            window_from, window_to, cohort, episodes, statuses, cases, pod_id=pod_id, worker_id=worker_id
        )

    return await cached(("local", window_from, window_to, cohort, pod_id, worker_id), session, compute)


async def caseloads(session: AsyncSession, as_at: date, settings: KpiSettings) -> Reckoned[dict[str, Any]]:
    async def compute() -> dict[str, Any]:
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

    weighting = (tuple(sorted(settings.weights.items())), tuple(sorted(settings.capacities.items())))
    return await cached(("caseloads", as_at, weighting), session, compute)


async def monthly(
    session: AsyncSession, first: tuple[int, int], last: tuple[int, int]
) -> Reckoned[rules.MonthlySeries]:
    async def compute() -> rules.MonthlySeries:
        window_from = date(first[0], first[1], 1) - timedelta(days=31)
        window_to = date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
        cases = await read_model.cases(session, window_from, window_to)
        statuses = await read_model.statuses(session, window_from, window_to)
        children = await read_model.uasc_children(session)
        episodes = await read_model.episodes(session, window_from, window_to)
        return rules.monthly_monitoring(first, last, cases, statuses, children, episodes)

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


@dataclass(frozen=True, slots=True)
class ContinuityAsk:
    """What a caller asked of a continuity measure; the national measures take a year, the local one a window."""

    measure: Measure
    year: int | None
    window_from: date | None
    window_to: date | None
    cohort: Cohort
    pod_id: uuid.UUID | None
    worker_id: uuid.UUID | None

    def refuse_what_does_not_apply(self) -> None:
        national = self.measure in ("dfe", "cco")
        for name, given, applies in (
            ("year", self.year is not None, national),
            ("from", self.window_from is not None, not national),
            ("to", self.window_to is not None, not national),
            ("cohort", self.cohort != "all", not national),
            ("worker_id", self.worker_id is not None, not national),
        ):
            if given and not applies:
                raise Invalid(f"{name} does not apply to measure={self.measure}", field=f"query.{name}")


def _current_reporting_year() -> int:
    today = date.today()
    return today.year if today.month > 3 else today.year - 1


async def continuity(session: AsyncSession, ask: ContinuityAsk) -> tuple[Reckoned[Any], date]:
    """The figure a continuity ask names, and the as-at date it used."""
    ask.refuse_what_does_not_apply()
    pod = str(ask.pod_id) if ask.pod_id else None
    if ask.measure in ("dfe", "cco"):
        year = ask.year or _current_reporting_year()
        as_at = reporting_year(year)[1]
        if ask.measure == "dfe":
            return await dfe(session, year, pod), as_at
        return await commissioner(session, year, pod), as_at
    to = ask.window_to or date.today()
    start = ask.window_from or to - timedelta(days=364)
    if start > to:
        raise Invalid("from is after to", field="query.from")
    worker = str(ask.worker_id) if ask.worker_id else None
    return await local(session, start, to, ask.cohort, pod, worker), to


async def continuity_children(
    uow: UnitOfWork, principal: Principal, ask: ContinuityAsk, min_workers: int
) -> tuple[list[dict[str, Any]], read_model.Freshness, date]:
    """The per-child rows behind a figure: pod managers see their own pods' children; every child shown is
    audited."""
    if not principal.service_wide and (ask.pod_id is None or ask.pod_id not in principal.pods):
        raise Forbidden("pod managers see the children of their own pods: pass one of your pod ids", field="pod_id")
    figure, as_at = await continuity(uow.session, ask)
    rows = [row for row in plain(figure.value)["children"] if row["worker_count"] >= min_workers]
    uow.audit(
        principal, "read", f"continuity/children?measure={ask.measure}", *(uuid.UUID(r["child_id"]) for r in rows)
    )
    return rows, figure.freshness, as_at
