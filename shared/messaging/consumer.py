"""The idempotent consumer: a batch of events applied in one transaction, each recorded in the inbox.

Offsets are committed only after the database commit, so a crash replays the batch and the inbox skips what
was already applied. An event that keeps failing goes to `<topic>.dlq` and the consumer carries on.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
import structlog
from opentelemetry.trace import SpanKind
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shared.events.envelope import Envelope, MalformedEvent
from shared.events.topology import dead_letter_topic
from shared.messaging.subscriptions import EventContext, Handler, Subscriptions
from shared.messaging.tables import PlatformTables
from shared.messaging.transport import Message, Received, Subscription, Transport
from shared.observability import bind_correlation_id, context_from, metrics, tracer

if TYPE_CHECKING:
    from shared.runtime.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)
UnitOfWorkFactory = Callable[[AsyncSession], "UnitOfWork"]


class EventConsumer:
    def __init__(
        self,
        service: str,
        engine: AsyncEngine,
        tables: PlatformTables,
        transport: Transport,
        subscriptions: Subscriptions,
        unit_of_work: UnitOfWorkFactory,
        *,
        batch_size: int = 500,
        max_attempts: int = 5,
        retry_backoff: float = 0.05,
        fetch_timeout: float = 0.5,
    ) -> None:
        self.service = service
        self.sessions = async_sessionmaker(engine, expire_on_commit=False)
        self.tables = tables
        self.transport = transport
        self.subscriptions = subscriptions
        self.unit_of_work = unit_of_work
        self.batch_size = batch_size
        self.max_attempts = max_attempts
        self.retry_backoff = retry_backoff
        self.fetch_timeout = fetch_timeout
        self.heartbeat = time.monotonic()
        self.progressed_at = time.monotonic()
        """When a batch was last applied (or a fetch found nothing to apply): a consumer that cannot apply what it
        fetched (its database is down) keeps retrying the same batch; liveness fails only after the stated bound."""
        self.subscription: Subscription | None = None
        self.last_applied: dict[str, datetime] = {}
        self.stopping = False

    async def run(self, *, from_beginning: bool = False) -> None:
        self.subscription = await self.transport.subscribe(
            self.service, self.subscriptions.topics, from_beginning=from_beginning
        )
        try:
            while not self.stopping:
                self.heartbeat = time.monotonic()
                batch = await self.subscription.fetch(self.batch_size, self.fetch_timeout)
                if batch:
                    await self._apply_until_done(batch)
                    await self.subscription.commit(batch)
                self.progressed_at = time.monotonic()
        finally:
            await self.subscription.close()

    async def _apply_until_done(self, batch: Sequence[Received]) -> None:
        """The same batch again, with backoff, until its transaction commits: an outage of the database (poison
        events are dealt with inside, by the dead-letter queue) must neither lose the batch nor drop the
        subscription."""
        backoff = 0.1
        failing = False
        while True:
            try:
                await self.apply_batch(batch)
            except Exception as failure:
                if self.stopping:
                    raise
                if not failing:
                    log.warning("consumer.failing", service=self.service, error=f"{type(failure).__name__}: {failure}")
                    failing = True
                self.heartbeat = time.monotonic()
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, 5.0)
                continue
            if failing:
                log.warning("consumer.recovered", service=self.service)
            return

    def stuck_for(self) -> float:
        """Seconds since the consumer last made progress."""
        return time.monotonic() - self.progressed_at

    async def apply_batch(self, batch: Sequence[Received]) -> int:
        """Applies a batch exactly once; returns how many events took effect (duplicates do not)."""
        async with self.sessions() as session:
            uow = self.unit_of_work(session)
            try:
                applied = await self._apply(uow, batch)
                await uow.commit()
            except BaseException:
                await uow.rollback()
                raise
        now = datetime.now(UTC)
        for context in applied:
            self.last_applied[context.topic] = now
            metrics.events_applied.labels(self.service, context.topic).inc()
        return len(applied)

    async def _apply(self, uow: UnitOfWork, batch: Sequence[Received]) -> list[EventContext]:
        fresh = await self._not_yet_applied(uow.session, batch)
        outcomes = await self._apply_together(uow, fresh)
        if outcomes is None:
            outcomes = [await self._apply_one(uow, received) for received, _ in fresh]
        now = datetime.now(UTC)
        inbox_rows = [
            {
                "consumer": self.service,
                "event_id": event_id,
                "event_type": received.message.header("ce_type") or "",
                "topic": received.message.topic,
                "outcome": outcome,
                "applied_at": now,
            }
            for (received, event_id), (outcome, _) in zip(fresh, outcomes, strict=True)
            if event_id
        ]
        if inbox_rows:
            await uow.session.execute(self.tables.inbox.insert(), inbox_rows)
        applied = [context for _, context in outcomes if context is not None]
        for hook in self.subscriptions.batch_hooks:
            await hook(uow, applied)
        return applied

    async def dead_letter_count(self) -> int:
        """Dead letters recorded for this consumer and not yet cleared by an operator (the DLQ's size)."""
        dead_letters = self.tables.dead_letters
        query = sa.select(sa.func.count()).select_from(dead_letters).where(dead_letters.c.consumer == self.service)
        async with self.sessions() as session:
            return int((await session.execute(query)).scalar_one())

    async def _not_yet_applied(
        self, session: AsyncSession, batch: Sequence[Received]
    ) -> list[tuple[Received, str | None]]:
        inbox = self.tables.inbox
        ids = [_event_id(received.message) for received in batch]
        query = sa.select(inbox.c.event_id).where(
            inbox.c.consumer == self.service, inbox.c.event_id.in_([i for i in ids if i])
        )
        seen = set((await session.execute(query)).scalars())
        fresh: list[tuple[Received, str | None]] = []
        for received, event_id in zip(batch, ids, strict=True):
            if event_id in seen:
                metrics.events_duplicate.labels(self.service).inc()
                continue
            if event_id:
                seen.add(event_id)
            fresh.append((received, event_id))
        return fresh

    async def _apply_together(
        self, uow: UnitOfWork, fresh: Sequence[tuple[Received, str | None]]
    ) -> list[tuple[str, EventContext | None]] | None:
        """The fast path: the whole batch under one savepoint. Any failure rolls it back and returns None,
        and the batch is applied again event by event, with retries and dead letters."""
        outcomes: list[tuple[str, EventContext | None]] = []
        uow.discard()
        try:
            async with uow.session.begin_nested():
                for received, _ in fresh:
                    handlers = self._handlers(received.message)
                    if handlers is None:
                        outcomes.append(("ignored", None))
                        continue
                    outcomes.append(("applied", await self._handle(uow, received, handlers)))
                await uow.flush()
        except Exception:  # noqa: BLE001 - the slow path finds and isolates the failing event
            uow.discard()
            return None
        return outcomes

    async def _apply_one(self, uow: UnitOfWork, received: Received) -> tuple[str, EventContext | None]:
        message = received.message
        handlers = self._handlers(message)
        if handlers is None:
            return "ignored", None
        error = ""
        for attempt in range(1, self.max_attempts + 1):
            uow.discard()
            try:
                async with uow.session.begin_nested():
                    context = await self._handle(uow, received, handlers)
                    await uow.flush()
                return "applied", context
            except MalformedEvent as poison:
                error = f"malformed: {poison}"
                break
            except Exception as failure:  # noqa: BLE001 - any handler failure is retried, then dead-lettered
                error = f"{type(failure).__name__}: {failure}"
                log.warning("consumer.handler_failed", service=self.service, attempt=attempt, error=error)
                await asyncio.sleep(self.retry_backoff * 2 ** (attempt - 1))
        uow.discard()
        await self._dead_letter(uow.session, received, error, attempt)
        return "dead_lettered", None

    def _handlers(self, message: Message) -> Sequence[Handler] | None:
        """The handlers for the delivery's type; None for an event of a type this service does not follow
        (recorded as ignored). A delivery without an id is not ignored: decoding it fails and it is dead-lettered."""
        handlers = self.subscriptions.handlers_for(message.header("ce_type") or "")
        return None if not handlers and message.header("ce_id") else handlers

    async def _handle(self, uow: UnitOfWork, received: Received, handlers: Sequence[Handler]) -> EventContext:
        """Decodes one delivery and runs its handlers in a span whose parent is the span that published the event
        (its `traceparent` extension); raises MalformedEvent for a poison message."""
        message = received.message
        envelope = Envelope.from_headers(message.headers, message.value)
        with (
            bind_correlation_id(envelope.correlation_id),
            tracer().start_as_current_span(
                f"process {message.topic}",
                context=context_from(envelope.extra),
                kind=SpanKind.CONSUMER,
                attributes={
                    "messaging.system": "kafka",
                    "messaging.operation.type": "process",
                    "messaging.destination.name": message.topic,
                    "messaging.destination.partition.id": str(received.partition),
                    "messaging.kafka.offset": received.offset,
                    "messaging.consumer.group.name": self.service,
                    "messaging.message.id": envelope.id,
                    "cloudevents.event_type": envelope.type,
                    "cloudevents.event_source": envelope.source,
                },
            ),
        ):
            event = envelope.decode()
            context = EventContext(envelope, message.topic, received.partition, received.offset)
            for handler in handlers:
                await handler(uow, event, context)
        return context

    async def _dead_letter(self, session: AsyncSession, received: Received, error: str, attempts: int) -> None:
        message = received.message
        headers = [*message.headers, ("dlq_error", error[:2000].encode()), ("dlq_consumer", self.service.encode())]
        await self.transport.publish([Message(dead_letter_topic(message.topic), message.key, headers, message.value)])
        await session.execute(
            self.tables.dead_letters.insert().values(
                consumer=self.service,
                topic=message.topic,
                partition=received.partition,
                offset=received.offset,
                event_id=_event_id(message),
                error=error[:4000],
                attempts=attempts,
                dead_lettered_at=datetime.now(UTC),
            )
        )
        metrics.dead_lettered.labels(self.service, message.topic).inc()
        log.error("consumer.dead_lettered", service=self.service, topic=message.topic, error=error)


def _event_id(message: Message) -> str | None:
    event_id = message.header("ce_id")
    return event_id[:36] if event_id else None
