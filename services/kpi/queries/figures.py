"""Each figure, from the contributions the handlers keep where there are some (queries/kept.py), else from the read
model (queries/reference.py), with a cache that holds until a fact the figure can see moves."""

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
from services.kpi.queries import kept, read_model, reference
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


async def cached(
    key: tuple[Any, ...], reads_up_to: date, session: AsyncSession, compute: Callable[[], Awaitable[T]]
) -> Reckoned[T]:
    """A figure is reused while no fact it can see has moved: the key holds the fingerprint of the months up to
    the last day it reads (kept.changed_up_to), so a batch dated in later months leaves it cached."""
    await _one_snapshot(session)
    mark = await read_model.freshness(session)
    changed = await kept.changed_up_to(session, reads_up_to)
    cache = _CACHES.setdefault(session.get_bind().engine, OrderedDict())
    full_key = (*key, changed)
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
    async def compute() -> rules.DfeInstability:
        return await kept.dfe(session, year, pod_id)

    return await cached(("dfe", year, pod_id), reporting_year(year)[1], session, compute)


async def commissioner(session: AsyncSession, year: int, pod_id: str | None) -> Reckoned[rules.CommissionerChanges]:
    async def compute() -> rules.CommissionerChanges:
        return await kept.commissioner(session, year, pod_id)

    return await cached(("cco", year, pod_id), reporting_year(year)[1], session, compute)


async def local(
    session: AsyncSession,
    window_from: date,
    window_to: date,
    cohort: LocalCohort,
    pod_id: str | None,
    worker_id: str | None,
) -> Reckoned[rules.LocalContinuity]:
    async def compute() -> rules.LocalContinuity:
        return await kept.local(session, window_from, window_to, cohort, pod_id, worker_id)

    return await cached(("local", window_from, window_to, cohort, pod_id, worker_id), window_to, session, compute)


async def caseloads(session: AsyncSession, as_at: date, settings: KpiSettings) -> Reckoned[dict[str, Any]]:
    async def compute() -> dict[str, Any]:
        return await reference.caseloads(session, as_at, settings)

    weighting = (tuple(sorted(settings.weights.items())), tuple(sorted(settings.capacities.items())))
    return await cached(("caseloads", as_at, weighting), as_at, session, compute)


async def monthly(
    session: AsyncSession, first: tuple[int, int], last: tuple[int, int]
) -> Reckoned[rules.MonthlySeries]:
    async def compute() -> rules.MonthlySeries:
        return await kept.monthly(session, first, last)

    # The series reads up to the day after its last month end (a period ending that day still counts).
    reads_up_to = date(last[0] + last[1] // 12, last[1] % 12 + 1, 1)
    return await cached(("monthly", first, last), reads_up_to, session, compute)


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
