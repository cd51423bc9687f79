"""A sketch of the consumer the benchmark report recommends, only to measure its ceiling on this machine.

The KPI's handlers only ever upsert by primary key, so a batch's upserts can be merged in memory in arrival order
(later values win, column by column, exactly as the upserts one after another would) and written as one
executemany per table and column set, with one inbox insert for the batch and no savepoint per event. The real
handlers run unchanged: only their `merge` is redirected to the recorder while the batch is decoded.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any
from unittest import mock

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from services.kpi import handlers
from services.kpi.service import service as kpi
from shared.events.envelope import Envelope
from shared.messaging.subscriptions import EventContext
from shared.messaging.transport import Received
from shared.runtime.unit_of_work import UnitOfWork


class Recorder:
    def __init__(self) -> None:
        self.rows: dict[tuple[sa.Table, tuple[Any, ...]], dict[str, Any]] = {}

    def merge(self, _uow: object, model: Any, **values: Any) -> None:
        table: sa.Table = model.__table__
        key = tuple(values[column.name] for column in table.primary_key.columns)
        self.rows.setdefault((table, key), {}).update(values)

    @contextmanager
    def redirecting(self) -> Any:
        with mock.patch.object(handlers, "merge", self.merge):
            yield

    def statements(self) -> list[tuple[Any, list[dict[str, Any]]]]:
        groups: dict[tuple[sa.Table, frozenset[str]], list[dict[str, Any]]] = {}
        for (table, _), values in self.rows.items():
            groups.setdefault((table, frozenset(values)), []).append(values)
        statements = []
        for (table, columns), rows in groups.items():
            keys = [column.name for column in table.primary_key.columns]
            insert = postgresql.insert(table)
            updates = {name: insert.excluded[name] for name in columns if name not in keys}
            upsert = insert.on_conflict_do_update(index_elements=keys, set_=updates) if updates else insert
            statements.append((upsert, rows))
        return statements


async def apply_batch(engine: AsyncEngine, batch: Sequence[Received]) -> int:
    inbox, subscriptions = kpi.tables.inbox, kpi.subscriptions
    ids = [item.message.header("ce_id") for item in batch]
    recorder, applied, inbox_rows = Recorder(), [], []
    async with AsyncSession(engine) as session, session.begin():
        uow = UnitOfWork(session, kpi.tables, producer=None)
        query = sa.select(inbox.c.event_id).where(inbox.c.consumer == "kpi", inbox.c.event_id.in_(ids))
        already = set((await session.execute(query)).scalars())
        now = datetime.now(UTC)
        with recorder.redirecting():
            for item, event_id in zip(batch, ids, strict=True):
                if event_id in already:
                    continue
                already.add(event_id)
                envelope = Envelope.from_headers(item.message.headers, item.message.value)
                context = EventContext(envelope, item.message.topic, item.partition, item.offset)
                for handler in subscriptions.handlers_for(envelope.type):
                    await handler(uow, envelope.decode(), context)
                applied.append(context)
                inbox_rows.append(
                    {
                        "consumer": "kpi",
                        "event_id": event_id,
                        "event_type": envelope.type,
                        "topic": item.message.topic,
                        "outcome": "applied",
                        "applied_at": now,
                    }
                )
        for statement, rows in recorder.statements():
            await session.execute(statement, rows)
        if inbox_rows:
            await session.execute(inbox.insert(), inbox_rows)
        for hook in subscriptions.batch_hooks:
            await hook(uow, applied)
    return len(applied)
