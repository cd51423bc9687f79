"""A running service: its engine, relay and consumer, and the watchdog that judges whether they are alive."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
import structlog
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.db import create_engine
from shared.events.topology import topic_partitions
from shared.messaging.consumer import EventConsumer
from shared.messaging.relay import Relay
from shared.messaging.transport import Transport
from shared.observability import metrics
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.service import Service
from shared.runtime.unit_of_work import UnitOfWork
from shared.settings import PlatformSettings

log = structlog.get_logger(__name__)


class ServiceRuntime:
    def __init__(
        self, service: Service, settings: PlatformSettings, transport: Transport, database_url: str | None
    ) -> None:
        self.service = service
        self.settings = settings
        self.transport = transport
        # A service that owns no data (the portal) has no database: nothing to migrate, check or dispose of.
        self._engine = create_engine(database_url) if database_url else None
        self.sessions = async_sessionmaker(self._engine, class_=AsyncSession, expire_on_commit=False)
        # A service that publishes nothing runs no relay.
        self.relay = Relay(service.name, self.engine, service.tables, transport) if service.publishes else None
        self.consumer = (
            EventConsumer(
                service.name,
                self.engine,
                service.tables,
                transport,
                service.subscriptions,
                self.unit_of_work_for,
                batch_size=settings.consumer_batch_size,
            )
            if service.subscriptions
            else None
        )
        self.stopping = False
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._background: set[asyncio.Task[None]] = set()
        self._partitions_observed: set[tuple[str, str]] = set()
        self.started_at = time.monotonic()

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            raise RuntimeError(f"the {self.service.name} service owns no data: it has no database")
        return self._engine

    @engine.setter
    def engine(self, engine: AsyncEngine) -> None:
        self._engine = engine

    def unit_of_work_for(self, session: AsyncSession) -> UnitOfWork:
        return UnitOfWork(
            session,
            self.service.tables,
            producer=self.service.name if self.relay is not None else None,
            after_commit=self.relay.wake if self.relay is not None else None,
        )

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[UnitOfWork]:
        """A unit of work on a session of its own; what it has not committed when the block ends is rolled back."""
        async with self.sessions() as session:
            yield self.unit_of_work_for(session)

    async def start(self, *, migrate: bool = True) -> None:
        if migrate and self._engine is not None:
            await upgrade_to_head(self.service, self.engine)
        if self.relay is not None:
            self._tasks["relay"] = asyncio.create_task(self.relay.run(), name=f"{self.service.name}-relay")
        if self.consumer is not None:
            self._tasks["consumer"] = asyncio.create_task(self._consume(), name=f"{self.service.name}-consumer")
        self._tasks["monitor"] = asyncio.create_task(self._monitor(), name=f"{self.service.name}-monitor")

    def spawn(self, name: str, work: Coroutine[Any, Any, None]) -> None:
        """One-off work beside the service (e.g. loading demo data); not watched by the health checks."""
        task = asyncio.create_task(work, name=f"{self.service.name}-{name}")
        self._background.add(task)
        task.add_done_callback(self._background.discard)

    async def _consume(self) -> None:
        """Runs the consumer; a lost broker makes it subscribe again, with backoff. Offsets are safe: they are
        committed only after the batch's transaction."""
        assert self.consumer is not None
        backoff = 1.0
        while not self.consumer.stopping:
            try:
                await self.transport.ensure_topics(topic_partitions())
                await self.consumer.run()
            except asyncio.CancelledError:
                raise
            except Exception as failure:  # noqa: BLE001 - the broker or database went away: heal, then carry on
                log.warning("consumer.resubscribing", service=self.service.name, error=str(failure), retry_in=backoff)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 10.0)
            else:
                backoff = 1.0

    async def _monitor(self) -> None:
        while not self.stopping:
            with contextlib.suppress(Exception):
                await self.observe()
            await self._pause(5.0)

    async def observe(self) -> None:
        """Sets the gauges operators alert on; the monitor task does it every 5 seconds."""
        name = self.service.name
        if self.relay is not None:
            pending, oldest = await self.relay.backlog()
            metrics.outbox_pending.labels(name).set(pending)
            waited = (datetime.now(UTC) - oldest).total_seconds() if oldest else 0.0
            metrics.outbox_oldest_age.labels(name).set(waited)
        metrics.liveness_problems.labels(name).set(len(self.liveness_problems()))
        if self.consumer is None:
            return
        metrics.dead_letters.labels(name).set(await self.consumer.dead_letter_count())
        if self.consumer.subscription is not None:
            lags = await self.consumer.subscription.lag_by_partition()
            metrics.consumer_lag.labels(name).set(sum(lags.values()))
            assigned = {(topic, str(partition)): lag for (topic, partition), lag in lags.items()}
            for topic, partition in self._partitions_observed - assigned.keys():
                # A partition this process no longer holds would otherwise show its last lag for ever.
                metrics.consumer_partition_lag.remove(name, topic, partition)
            for (topic, partition), lag in assigned.items():
                metrics.consumer_partition_lag.labels(name, topic, partition).set(lag)
            self._partitions_observed = set(assigned)
        if self.consumer.last_applied:
            age = datetime.now(UTC) - max(self.consumer.last_applied.values())
            metrics.projection_age.labels(name).set(age.total_seconds())

    async def _pause(self, seconds: float) -> None:
        for _ in range(int(seconds * 10)):
            if self.stopping:
                return
            await asyncio.sleep(0.1)

    async def stop(self, grace_seconds: float = 10.0) -> None:
        """Asks the relay and consumer to finish their pass, then cancels whatever is still running."""
        self.stopping = True
        if self.relay is not None:
            self.relay.request_stop()
        if self.consumer is not None:
            self.consumer.stopping = True
        if self._tasks:
            await asyncio.wait(self._tasks.values(), timeout=grace_seconds)
        for task in [*self._tasks.values(), *self._background]:
            task.cancel()
        for task in [*self._tasks.values(), *self._background]:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()
        if self._engine is not None:
            await self._engine.dispose()

    def liveness_problems(self) -> list[str]:
        """What is dead or stalled: a non-empty answer makes the orchestrator restart the process."""
        problems = []
        now = time.monotonic()
        for name, task in self._tasks.items():
            if task.done():
                problems.append(f"{self.service.name} {name} has stopped")
        beats = {}
        if self.relay is not None:
            beats["relay"] = self.relay.heartbeat
        if self.consumer is not None:
            beats["consumer"] = self.consumer.heartbeat
        for name, beat in beats.items():
            if name in self._tasks and now - beat > self.settings.stall_seconds:
                problems.append(f"{self.service.name} {name} has stalled for {now - beat:.0f}s")
        for name, part in (("relay", self.relay), ("consumer", self.consumer)):
            if part is not None and name in self._tasks and part.stuck_for() > self.settings.heal_seconds:
                problems.append(f"{self.service.name} {name} has made no progress for {part.stuck_for():.0f}s")
        return problems

    async def readiness_problems(self) -> list[str]:
        problems = self.liveness_problems()
        if self._engine is None:
            return problems
        try:
            async with self.engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
        except Exception as failure:  # noqa: BLE001 - reported, not raised
            problems.append(f"{self.service.name} database unreachable: {type(failure).__name__}")
        return problems
