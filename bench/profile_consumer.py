"""Where the KPI consumer's time goes: `python -m bench.profile_consumer --dsn postgresql+asyncpg://...`.

Feeds synthetic events straight to the KPI's EventConsumer.apply_batch (no Kafka), in one process, and times
it: with no-op handlers (inbox, savepoints and decoding only); one plain INSERT per event and nothing else; as
it is with a prepared-statement cache big enough for its savepoints; the batched sketch of
bench/batched_prototype.py (same handlers, same end state); and as it is, under cProfile, whose top functions
it prints.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import time
from collections.abc import Sequence
from datetime import UTC, datetime

import asyncpg

from bench import batched_prototype
from bench.history import first_events
from services.kpi.models import READ_MODEL
from services.kpi.service import service as kpi
from shared.db import create_engine
from shared.events.envelope import envelope_for
from shared.messaging.consumer import EventConsumer
from shared.messaging.subscriptions import Subscriptions
from shared.messaging.transport import Message, Received
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.unit_of_work import UnitOfWork


def received(count: int) -> list[Received]:
    messages = []
    for offset, event in enumerate(first_events(count, seed=7)):
        envelope = envelope_for(event, source="/continuum/allocation", correlation_id=None)
        message = Message(event.topic, event.key, envelope.to_headers(), envelope.data)
        messages.append(Received(message, 0, offset))
    return messages


def without_effects(subscriptions: Subscriptions) -> Subscriptions:
    hollow = Subscriptions()
    for type_name in subscriptions._handlers:

        async def nothing(*_: object) -> None:
            return None

        hollow._handlers[type_name] = [nothing]
    return hollow


async def fresh(dsn: str, name: str) -> str:
    connection = await asyncpg.connect(dsn.replace("+asyncpg", ""))
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.execute(f'CREATE DATABASE "{name}"')
    finally:
        await connection.close()
    return dsn.rsplit("/", 1)[0] + f"/{name}"


async def timed(
    dsn: str, events: Sequence[Received], subscriptions: Subscriptions, batch: int, cache: int | None = None
) -> float:
    options = {"connect_args": {"prepared_statement_cache_size": cache}} if cache else {}
    engine = create_engine(await fresh(dsn, "bench_profile"), **options)
    await upgrade_to_head(kpi, engine)
    consumer = EventConsumer(
        "kpi",
        engine,
        kpi.tables,
        None,  # type: ignore[arg-type]
        subscriptions,
        lambda session: UnitOfWork(session, kpi.tables, producer=None),
        batch_size=batch,
    )
    started = time.perf_counter()
    for start in range(0, len(events), batch):
        await consumer.apply_batch(events[start : start + batch])
    seconds = time.perf_counter() - started
    await engine.dispose()
    return len(events) / seconds


async def plain_inserts(dsn: str, events: Sequence[Received], batch: int) -> float:
    """One INSERT per event through SQLAlchemy, one transaction per batch: the floor of a per-event design."""
    engine = create_engine(await fresh(dsn, "bench_profile"))
    await upgrade_to_head(kpi, engine)
    inbox = kpi.tables.inbox
    started = time.perf_counter()
    for start in range(0, len(events), batch):
        async with engine.begin() as connection:
            for item in events[start : start + batch]:
                await connection.execute(
                    inbox.insert().values(
                        consumer="kpi",
                        event_id=item.message.header("ce_id"),
                        event_type="x",
                        topic=item.message.topic,
                        outcome="applied",
                        applied_at=datetime.now(UTC),
                    )
                )
    seconds = time.perf_counter() - started
    await engine.dispose()
    return len(events) / seconds


async def batched(dsn: str, events: Sequence[Received], batch: int) -> float:
    engine = create_engine(await fresh(dsn, "bench_profile_batched"))
    await upgrade_to_head(kpi, engine)
    started = time.perf_counter()
    for start in range(0, len(events), batch):
        await batched_prototype.apply_batch(engine, events[start : start + batch])
    seconds = time.perf_counter() - started
    await engine.dispose()
    return len(events) / seconds


async def same_read_model(dsn: str, one: str, other: str) -> bool:
    """Every read-model row equal (freshness compared by its counts only: its times differ by nature)."""
    contents = []
    for name in (one, other):
        connection = await asyncpg.connect(dsn.replace("+asyncpg", "").rsplit("/", 1)[0] + f"/{name}")
        try:
            tables = {}
            for table in READ_MODEL:
                columns = ["topic", "events_applied"] if table.name == "kpi_freshness" else ["*"]
                order = ", ".join(column.name for column in table.primary_key.columns)
                rows = await connection.fetch(f"SELECT {', '.join(columns)} FROM {table.name} ORDER BY {order}")
                tables[table.name] = [tuple(row) for row in rows]
            contents.append(tables)
        finally:
            await connection.close()
    return contents[0] == contents[1]


async def main(dsn: str, count: int, batch: int) -> None:
    events = received(count)
    print(f"{count:,} events, batches of {batch}")
    hollow = await timed(dsn, events, without_effects(kpi.subscriptions), batch)
    print(f"  inbox + savepoint + decode only (no-op handlers): {hollow:8,.0f} events/s")
    floor = await plain_inserts(dsn, events, batch)
    print(f"  one plain INSERT per event, nothing else:         {floor:8,.0f} events/s")
    cached = await timed(dsn, events, kpi.subscriptions, batch, cache=4096)
    print(f"  as it is, prepared_statement_cache_size=4096:     {cached:8,.0f} events/s")
    sketch = await batched(dsn, events, batch)
    same = await same_read_model(dsn, "bench_profile", "bench_profile_batched")
    print(f"  batched sketch (bench/batched_prototype.py):      {sketch:8,.0f} events/s, same read model: {same}")
    profile = cProfile.Profile()
    profile.enable()
    real = await timed(dsn, events, kpi.subscriptions, batch)
    profile.disable()
    print(f"  the KPI consumer as it is (profiled):             {real:8,.0f} events/s")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
    print(out.getvalue())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dsn", required=True, help="postgresql+asyncpg://postgres@127.0.0.1:25532/postgres")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.dsn, arguments.events, arguments.batch))
