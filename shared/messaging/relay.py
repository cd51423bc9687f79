"""The relay: claims unpublished outbox rows, publishes them, awaits delivery, then marks them published.

A crash between publishing and marking re-sends the rows on restart; consumers are idempotent, so that is safe.
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import UTC, datetime

import sqlalchemy as sa
import structlog
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from shared.messaging.leadership import Leadership
from shared.messaging.tables import PlatformTables
from shared.messaging.transport import Message, Transport
from shared.observability import metrics

log = structlog.get_logger(__name__)

# Fault tests only: die as if SIGKILLed after the broker has the events but before the rows are marked published.
_KILL_AFTER_PUBLISH = (
    os.environ.get("CONTINUUM_ENVIRONMENT") == "test"
    and os.environ.get("CONTINUUM_TEST_RELAY_CRASH_AFTER_PUBLISH") == "1"
)


class Relay:
    def __init__(
        self,
        service: str,
        engine: AsyncEngine,
        tables: PlatformTables,
        transport: Transport,
        *,
        batch_size: int = 1000,
        poll_interval: float = 1.0,
    ) -> None:
        self.service = service
        self.engine = engine
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.outbox = tables.outbox
        self.transport = transport
        self.batch_size = batch_size
        self.poll_interval = poll_interval
        self.leadership = Leadership(engine, f"relay:{service}")
        self.heartbeat = time.monotonic()
        self.progressed_at = time.monotonic()
        """When a pass last completed (the outbox drained, or this relay is a standby): a relay that cannot make
        progress for longer than the stated bound fails liveness, after trying to heal itself all that time."""
        self.is_leader = False
        self._announced: bool | None = None
        self._wake = asyncio.Event()
        self.stopping = False

    def wake(self) -> None:
        self._wake.set()

    def request_stop(self) -> None:
        """Ends the loop between passes, so no transaction is cut off half way (cancelling could be)."""
        self.stopping = True
        self._wake.set()

    async def publish_pending(self) -> int:
        """One pass: claim a batch with SKIP LOCKED, publish it, mark it. Returns how many rows were published."""
        outbox = self.outbox
        async with self.sessions() as session, session.begin():
            claim = (
                sa.select(outbox.c.id, outbox.c.topic, outbox.c.key, outbox.c.headers, outbox.c.payload)
                .where(outbox.c.published_at.is_(None))
                .order_by(outbox.c.id)
                .limit(self.batch_size)
                .with_for_update(skip_locked=True)
            )
            rows = (await session.execute(claim)).all()
            if not rows:
                return 0
            await self.transport.publish(
                [
                    Message(row.topic, row.key, [(name, value.encode()) for name, value in row.headers], row.payload)
                    for row in rows
                ]
            )
            if _KILL_AFTER_PUBLISH:
                os.kill(os.getpid(), signal.SIGKILL)
            await session.execute(
                outbox.update().where(outbox.c.id.in_([row.id for row in rows])).values(published_at=datetime.now(UTC))
            )
        metrics.events_published.labels(self.service).inc(len(rows))
        return len(rows)

    async def pending(self) -> int:
        return (await self.backlog())[0]

    async def backlog(self) -> tuple[int, datetime | None]:
        """How many rows wait to be published, and when the oldest of them was written (None when none wait)."""
        async with self.engine.connect() as connection:
            query = sa.select(sa.func.count(), sa.func.min(self.outbox.c.created_at)).where(
                self.outbox.c.published_at.is_(None)
            )
            count, oldest = (await connection.execute(query)).one()
        if oldest is not None and oldest.tzinfo is None:
            oldest = oldest.replace(tzinfo=UTC)  # SQLite keeps no offset; the outbox writes UTC
        return int(count), oldest

    async def run(self) -> None:
        """Publishes until asked to stop. A broker or database outage is waited out with backoff, whatever fails
        (the leadership lock, the claim, the publish); the state change is logged once each way."""
        backoff = 0.1
        checked_at = float("-inf")
        failing = False
        try:
            while not self.stopping:
                self.heartbeat = time.monotonic()
                try:
                    # Wakes follow every commit; the lock is re-checked at most once a poll interval, not each time.
                    if not self.is_leader or self.heartbeat - checked_at >= self.poll_interval:
                        self._lead(await self.leadership.acquire())
                        checked_at = self.heartbeat
                    if self.is_leader:
                        self._wake.clear()
                        while await self.publish_pending() == self.batch_size:
                            self.heartbeat = time.monotonic()
                except Exception as failure:  # noqa: BLE001 - an outage must not kill the relay: it heals itself
                    if not failing:
                        log.warning("relay.failing", service=self.service, error=f"{type(failure).__name__}: {failure}")
                        failing = True
                    metrics.relay_failures.labels(self.service).inc()
                    self._lead(False)
                    await asyncio.sleep(backoff)
                    backoff = min(backoff * 2, 5.0)
                    continue
                if failing:
                    log.warning("relay.recovered", service=self.service)
                    failing = False
                backoff = 0.1
                self.progressed_at = time.monotonic()
                await self._sleep(self.poll_interval)
        finally:
            await self.leadership.release()
            self.is_leader = False
            metrics.relay_leader.labels(self.service).set(0)

    def _lead(self, leading: bool) -> None:
        """Records whether this replica publishes (`continuum_relay_leader`), and logs each change once."""
        if leading != self._announced:
            log.info("relay.leading" if leading else "relay.standing_by", service=self.service)
            self._announced = leading
        self.is_leader = leading
        metrics.relay_leader.labels(self.service).set(int(leading))

    def stuck_for(self) -> float:
        """Seconds since the relay last completed a pass."""
        return time.monotonic() - self.progressed_at

    async def _sleep(self, seconds: float) -> None:
        try:
            await asyncio.wait_for(self._wake.wait(), timeout=seconds)
        except TimeoutError:
            pass
