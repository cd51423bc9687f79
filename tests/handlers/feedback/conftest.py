"""The feedback consumer on a fresh database: in-memory SQLite always, and PostgreSQL too when the server is there."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from services.feedback.models import VIEW
from services.feedback.queries import view
from services.feedback.service import service as feedback_service
from shared.db import create_engine
from shared.events.base import Event
from shared.messaging.consumer import EventConsumer
from shared.messaging.transport import Received
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.unit_of_work import UnitOfWork
from tests.handlers.kpi.deliveries import deliveries, postgresql_database
from tests.support.transports import RecordingTransport


@dataclass
class FeedbackConsumer:
    """The feedback service's real consumer on a database of its own."""

    engine: AsyncEngine
    consumer: EventConsumer

    async def deliver(self, *batches: Sequence[Received]) -> int:
        return sum([await self.consumer.apply_batch(batch) for batch in batches])

    async def deliver_events(self, *events: Event) -> int:
        return await self.deliver(deliveries(events))

    async def holder_of(self, child_id: uuid.UUID, day: date) -> tuple[uuid.UUID | None, uuid.UUID | None]:
        async with async_sessionmaker(self.engine)() as session:
            uow = UnitOfWork(session, feedback_service.tables, producer=None)
            return await view.holder_of_child(uow, child_id, day)

    async def pod_of(self, worker_id: uuid.UUID, day: date) -> uuid.UUID | None:
        async with async_sessionmaker(self.engine)() as session:
            uow = UnitOfWork(session, feedback_service.tables, producer=None)
            return await view.pod_of_worker(uow, worker_id, day)

    async def snapshot(self) -> dict[str, list[tuple[Any, ...]]]:
        found: dict[str, list[tuple[Any, ...]]] = {}
        async with self.engine.connect() as connection:
            for table in VIEW:
                rows = (await connection.execute(sa.select(table))).all()
                found[table.name] = sorted((tuple(row) for row in rows), key=repr)
        return found


@asynccontextmanager
async def feedback_consumer(database_url: str = "sqlite+aiosqlite://") -> AsyncIterator[FeedbackConsumer]:
    engine = create_engine(database_url)
    await upgrade_to_head(feedback_service, engine)
    consumer = EventConsumer(
        feedback_service.name,
        engine,
        feedback_service.tables,
        RecordingTransport(),
        feedback_service.subscriptions,
        lambda session: UnitOfWork(session, feedback_service.tables, producer="feedback"),
        retry_backoff=0.0,
    )
    try:
        yield FeedbackConsumer(engine, consumer)
    finally:
        await engine.dispose()


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.infra)])
async def feedback(request: pytest.FixtureRequest) -> AsyncIterator[FeedbackConsumer]:
    if request.param == "sqlite":
        async with feedback_consumer() as consumer:
            yield consumer
        return
    server_url: str = request.getfixturevalue("pg_url")
    async with postgresql_database(server_url) as database_url, feedback_consumer(database_url) as consumer:
        yield consumer
