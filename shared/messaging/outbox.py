"""Staging events in the business transaction. They leave the database only through the relay."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import event as orm_event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from shared.events.base import Event
from shared.events.envelope import Envelope, envelope_for
from shared.messaging import pending
from shared.messaging.tables import PlatformTables
from shared.observability import correlation_id

_AFTER_COMMIT = "continuum.after_commit"
_DEFERRED = "continuum.outbox.deferred"


class Outbox:
    """The outbox of one service. `stage` writes rows in the caller's transaction; the caller commits."""

    def __init__(self, source: str, tables: PlatformTables) -> None:
        self.source = source
        self.tables = tables
        self._listeners: list[Callable[[], None]] = []

    def on_commit(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def forget(self, listener: Callable[[], None]) -> None:
        """A stopped relay is woken no more (the outbox outlives the runtimes that come and go)."""
        if listener in self._listeners:
            self._listeners.remove(listener)

    async def stage(self, session: AsyncSession, events: Iterable[Event]) -> list[Envelope]:
        staged = list(events)
        envelopes = [envelope_for(event, source=self.source, correlation_id=correlation_id()) for event in staged]
        if not envelopes:
            return []
        now = datetime.now(UTC)
        rows: list[dict[str, Any]] = [
            {
                "event_id": envelope.id,
                "topic": event.topic,
                "key": event.key,
                "event_type": envelope.type,
                "headers": [[name, value.decode()] for name, value in envelope.to_headers()],
                "payload": envelope.data,
                "created_at": now,
            }
            for envelope, event in zip(envelopes, staged, strict=True)
        ]
        if session.info.get(_DEFERRED):
            for row in rows:
                pending.defer(session, _DEFERRED, self.tables.outbox.insert(), row)
        else:
            await session.execute(self.tables.outbox.insert(), rows)
        session.sync_session.info.setdefault(_AFTER_COMMIT, set()).add(self._wake_relays)
        return envelopes

    @asynccontextmanager
    async def deferred(self, session: AsyncSession) -> AsyncIterator[None]:
        """For a loader that runs many commands in one transaction: what they stage is written as one insert
        (in staging order) when the block ends, still inside the caller's transaction, which commits it with
        everything else. A block that raises writes nothing: the caller must roll back."""
        session.info[_DEFERRED] = True
        try:
            yield
        except BaseException:
            pending.discard(session)
            raise
        finally:
            session.info.pop(_DEFERRED, None)
        await pending.flush(session)

    def _wake_relays(self) -> None:
        for listener in self._listeners:
            listener()


@orm_event.listens_for(Session, "after_commit")
def _run_after_commit_hooks(session: Session) -> None:
    for hook in session.info.pop(_AFTER_COMMIT, ()):
        hook()


@orm_event.listens_for(Session, "after_rollback")
def _forget_after_commit_hooks(session: Session) -> None:
    # SQLAlchemy fires this for a rolled-back savepoint too; the outer transaction may still commit what it staged.
    if session.in_nested_transaction():
        return
    session.info.pop(_AFTER_COMMIT, None)
