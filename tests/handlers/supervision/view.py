"""Delivering allocation's facts to the supervision consumer, and reading back its view of allocation."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine

from services.supervision.models import VIEW_OF_ALLOCATION
from services.supervision.service import service
from shared.db import create_engine
from shared.events.base import Event
from shared.messaging.consumer import EventConsumer
from shared.messaging.transport import Received
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.unit_of_work import UnitOfWork
from tests.handlers.kpi.deliveries import deliveries
from tests.support.transports import RecordingTransport


@dataclass
class ViewConsumer:
    engine: AsyncEngine
    consumer: EventConsumer

    async def deliver(self, *events: Event) -> int:
        """Each event as a new message (a new CloudEvents id): how many took effect."""
        return await self.consumer.apply_batch(deliveries(events))

    async def redeliver(self, messages: Sequence[Received]) -> int:
        """Messages delivered before, as the transport redelivers them (same ids)."""
        return await self.consumer.apply_batch(list(messages))

    async def view(self) -> dict[str, list[tuple[Any, ...]]]:
        """Every row of the view, sorted, table by table."""
        snapshot = {}
        async with self.engine.connect() as connection:
            for table in VIEW_OF_ALLOCATION:
                rows = (await connection.execute(sa.select(table))).all()
                snapshot[table.name] = sorted((tuple(row) for row in rows), key=repr)
        return snapshot

    async def rows(self, table: str) -> list[dict[str, Any]]:
        [found] = [t for t in VIEW_OF_ALLOCATION if t.name == table]
        async with self.engine.connect() as connection:
            return [dict(row) for row in (await connection.execute(sa.select(found))).mappings().all()]


@asynccontextmanager
async def view_consumer(database_url: str = "sqlite+aiosqlite://") -> AsyncIterator[ViewConsumer]:
    """A supervision database with the service's migrations applied, and the consumer that keeps its view."""
    engine = create_engine(database_url)
    await upgrade_to_head(service, engine)
    consumer = EventConsumer(
        service.name,
        engine,
        service.tables,
        RecordingTransport(),
        service.subscriptions,
        lambda session: UnitOfWork(session, service.tables, producer=None),
        retry_backoff=0.0,
    )
    try:
        yield ViewConsumer(engine, consumer)
    finally:
        await engine.dispose()
