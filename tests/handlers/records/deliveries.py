"""The records service's real consumer on a database of its own, fed allocation's and supervision's facts as the
transport delivers them; and every projection row, for before/after comparisons.

Allocation's facts are written with `tests.handlers.kpi.deliveries.Facts` (readable names for UUIDs);
`decision(...)` writes a supervision decision the same way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.records.models import PROJECTIONS
from services.records.service import service as records_service
from shared.db import create_engine
from shared.events.allocation import CoverStarted
from shared.events.base import Event
from shared.events.supervision import SupervisionDecisionRecorded
from shared.messaging.consumer import EventConsumer
from shared.messaging.transport import Received
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.unit_of_work import UnitOfWork
from tests.handlers.kpi.deliveries import Facts, deliveries
from tests.support.transports import RecordingTransport


@dataclass
class RecordsConsumer:
    engine: AsyncEngine
    consumer: EventConsumer
    transport: RecordingTransport

    async def deliver(self, *batches: Sequence[Received]) -> int:
        return sum([await self.consumer.apply_batch(batch) for batch in batches])

    async def deliver_events(self, *events: Event) -> int:
        return await self.deliver(deliveries(events))


@asynccontextmanager
async def records_consumer(database_url: str = "sqlite+aiosqlite://") -> AsyncIterator[RecordsConsumer]:
    engine = create_engine(database_url)
    await upgrade_to_head(records_service, engine)
    transport = RecordingTransport()
    consumer = EventConsumer(
        records_service.name,
        engine,
        records_service.tables,
        transport,
        records_service.subscriptions,
        lambda session: UnitOfWork(session, records_service.tables, producer=None),
        retry_backoff=0.0,
    )
    try:
        yield RecordsConsumer(engine, consumer, transport)
    finally:
        await engine.dispose()


def _comparable(value: Any) -> Any:
    # SQLite keeps a timestamp's wall clock only; PostgreSQL gives it back in UTC.
    return value.replace(tzinfo=UTC) if isinstance(value, datetime) and value.tzinfo is None else value


async def projections(engine: AsyncEngine) -> dict[str, list[tuple[Any, ...]]]:
    """Every projection row, sorted, comparable across databases."""
    snapshot: dict[str, list[tuple[Any, ...]]] = {}
    async with engine.connect() as connection:
        for table in PROJECTIONS:
            rows = (await connection.execute(sa.select(table))).all()
            snapshot[table.name] = sorted((tuple(map(_comparable, row)) for row in rows), key=repr)
    return snapshot


async def rows(engine: AsyncEngine, table: Any, **where: Any) -> list[sa.Row[Any]]:
    table = getattr(table, "__table__", table)
    query = sa.select(table).where(*(table.c[name] == value for name, value in where.items()))
    async with engine.connect() as connection:
        return list((await connection.execute(query)).all())


def decision(facts: Facts, child: str, decided_on: date, words: str, *, pod: str = "pod north") -> Event:
    return SupervisionDecisionRecorded(
        decision_id=facts.id(f"decision about {child} on {decided_on}"),
        session_id=facts.id(f"session of {pod} on {decided_on}"),
        pod_id=facts.id(pod),
        child_id=facts.id(child),
        case_id=facts.id(facts.case_of(child)),
        decided_on=decided_on,
        session_kind="group",
        decision=words,
        rationale="Agreed by the pod: the worries are growing and the plan is not working.",
        discussed_by=[facts.id("a")],
    )


def worker_wide_cover(facts: Facts, covering: str, for_worker: str, start: date, end: date | None) -> Event:
    return CoverStarted(
        cover_id=facts.id(f"{covering} covers all of {for_worker}"),
        worker_id=facts.id(for_worker),
        covering_worker_id=facts.id(covering),
        case_id=None,
        start_date=start,
        end_date=end,
        reason="sickness",
    )
