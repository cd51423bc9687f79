"""The unit of work: one transaction of a service — its writes, the events they cause, the audit trail and, for
an HTTP request, the response an `Idempotency-Key` replays — committed together, once.

Commands and handlers receive it and never commit; the runtime commits it (after the route has rendered its
response, or after a consumer's batch). Nothing travels beside it in `session.info`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal, Protocol
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from shared.auth.principal import Principal
from shared.events.base import Event
from shared.messaging.outbox import outbox_rows
from shared.messaging.tables import PlatformTables
from shared.observability import correlation_id, trace_context
from shared.problems import Conflict

AuditAction = Literal["read", "write", "export"]


@dataclass(frozen=True, slots=True)
class Reservation:
    """An `Idempotency-Key` reserved for this request; the response is kept in the same transaction as the effect."""

    key: str
    caller: str
    token: str


@dataclass(frozen=True, slots=True)
class KeptResponse:
    status_code: int
    headers: dict[str, str]
    body: bytes


class Staged(Protocol):
    """Writes a handler keeps in memory until the end of its batch (a read model merged by key): kept like the
    deferred writes, so an event rolled back to its savepoint leaves nothing behind in them either."""

    def accept(self) -> None:
        """What was staged since the last flush took effect."""

    def forget(self) -> None:
        """What was staged since the last flush is undone."""


class UnitOfWork:
    def __init__(
        self,
        session: AsyncSession,
        tables: PlatformTables,
        *,
        producer: str | None,
        after_commit: Callable[[], None] | None = None,
    ) -> None:
        self.session = session
        self.tables = tables
        self.producer = producer
        self._after_commit = after_commit
        self._events: list[tuple[Event, dict[str, str]]] = []
        self._audit_rows: list[dict[str, Any]] = []
        self._writes: dict[Hashable, tuple[Executable, list[dict[str, Any]]]] = {}
        self._reply: tuple[Reservation, KeptResponse] | None = None
        self._outbox_written = False
        self._staged: list[Staged] = []
        self.published: list[tuple[str, str]] = []
        """(topic, event id) of every event this unit of work has written to the outbox: its consistency token."""

    def publish(self, *events: Event) -> None:
        """Stages facts; they are written to the outbox in this transaction and leave only through the relay, each
        carrying the trace context of the span publishing it (a request's, or the handler's of a consumed event)."""
        for event in events:
            if event.producer != self.producer:
                raise ValueError(f"{self.producer or 'this service'} cannot publish {event.type_name()}")
        trace = trace_context()
        self._events.extend((event, trace) for event in events)

    def audit(self, principal: Principal, action: AuditAction, resource: str, *child_ids: UUID | None) -> None:
        """Who read or wrote which child's data: one row per child, or one for the resource."""
        now = datetime.now(UTC)
        request_id = correlation_id()
        for child_id in child_ids or (None,):
            self._audit_rows.append(
                {
                    "at": now,
                    "actor": principal.subject,
                    "role": principal.role,
                    "action": action,
                    "resource": resource[:200],
                    "child_id": str(child_id) if child_id else None,
                    "request_id": request_id,
                }
            )

    def defer(self, key: Hashable, statement: Executable, row: dict[str, Any]) -> None:
        """A write sent later with others of its statement as one executemany (a consumer's batch of upserts).
        Writes under one key keep their order; different keys must not depend on each other's order."""
        if key in self._writes:
            self._writes[key][1].append(row)
        else:
            self._writes[key] = (statement, [row])

    def stage(self, staged: Staged) -> None:
        """Keeps `staged` in step with this unit of work: each flush accepts it, each discard forgets it."""
        self._staged.append(staged)

    def keep_response(self, reservation: Reservation, response: KeptResponse) -> None:
        self._reply = (reservation, response)

    async def flush(self) -> None:
        """Sends what waits (deferred writes, outbox rows, audit rows) inside the transaction, not committing."""
        writes, self._writes = self._writes, {}
        for statement, rows in writes.values():
            await self.session.execute(statement, rows)
        await self.session.flush()
        if self._events:
            events, self._events = self._events, []
            assert self.producer is not None
            rows = outbox_rows(events, self.producer)
            await self.session.execute(self.tables.outbox.insert(), rows)
            self.published.extend((row["topic"], row["event_id"]) for row in rows)
            self._outbox_written = True
        if self._audit_rows:
            rows, self._audit_rows = self._audit_rows, []
            await self.session.execute(self.tables.audit_log.insert(), rows)
        for staged in self._staged:
            staged.accept()

    def discard(self) -> None:
        """Forgets what has not been flushed (a consumer retrying an event after a rolled-back savepoint)."""
        self._events.clear()
        self._audit_rows.clear()
        self._writes.clear()
        for staged in self._staged:
            staged.forget()

    async def commit(self) -> None:
        await self.flush()
        if self._reply is not None:
            reply, self._reply = self._reply, None
            await self._keep_reply(*reply)
        await self.session.commit()
        published, self._outbox_written = self._outbox_written, False
        if published and self._after_commit is not None:
            self._after_commit()

    async def rollback(self) -> None:
        self.discard()
        self._reply = None
        self._outbox_written = False
        await self.session.rollback()

    async def _keep_reply(self, reservation: Reservation, response: KeptResponse) -> None:
        keys = self.tables.idempotency_keys
        kept = await self.session.execute(
            keys.update()
            .where(
                keys.c.key == reservation.key,
                keys.c.caller == reservation.caller,
                keys.c.reservation == reservation.token,
                keys.c.status_code.is_(None),
            )
            .values(status_code=response.status_code, response_headers=response.headers, response_body=response.body)
        )
        if kept.rowcount != 1:  # type: ignore[attr-defined]
            # The reservation was taken over by a retry after this request was presumed dead: its effect must not
            # land as well.
            raise Conflict(
                "this Idempotency-Key was taken over by a retry; nothing was changed", field="Idempotency-Key"
            )
