"""Where the KPI consumer's time goes: `python -m bench.profile_consumer --dsn postgresql+asyncpg://...`.

Feeds synthetic events straight to the KPI's EventConsumer.apply_batch (no Kafka), in one process, and times
it: with no-op handlers (inbox, savepoints and decoding only); one plain INSERT per event and nothing else; as
it is with a prepared-statement cache big enough for its savepoints; the batched sketch of
bench/batched_prototype.py (same handlers, same end state); and as it is, under cProfile, whose top functions
it prints. With --cpu, only the consumer as it is: the CPU seconds of this process and of PostgreSQL (the
postmaster and its backends) per 10,000 events, then the same again under cProfile.
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
import sqlalchemy as sa

from bench import batched_prototype
from bench.cpu import parent_of, tree_cpu_seconds
from bench.history import first_events
from services.kpi.models import READ_MODEL
from services.kpi.service import service as kpi
from shared.db import create_engine
from shared.events.envelope import envelope_for
from shared.messaging.consumer import EventConsumer
from shared.messaging.subscriptions import BatchHook, EventContext, Subscriptions
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
    dsn: str,
    events: Sequence[Received],
    subscriptions: Subscriptions,
    batch: int,
    cache: int | None = None,
    cpu: dict[str, float] | None = None,
) -> float:
    """Events per second; cpu, when given, gets the CPU seconds of this process ("kpi") and of PostgreSQL."""
    options = {"connect_args": {"prepared_statement_cache_size": cache}} if cache else {}
    engine = create_engine(await fresh(dsn, "bench_profile"), **options)
    await upgrade_to_head(kpi, engine)
    async with engine.connect() as connection:
        postmaster = parent_of(int((await connection.execute(sa.text("SELECT pg_backend_pid()"))).scalar_one()))
    consumer = EventConsumer(
        "kpi",
        engine,
        kpi.tables,
        None,  # type: ignore[arg-type]
        subscriptions,
        lambda session: UnitOfWork(session, kpi.tables, producer=None),
        batch_size=batch,
    )
    started, own, database = time.perf_counter(), time.process_time(), tree_cpu_seconds(postmaster)
    for start in range(0, len(events), batch):
        await consumer.apply_batch(events[start : start + batch])
    seconds = time.perf_counter() - started
    if cpu is not None:
        cpu["kpi"] = time.process_time() - own
        cpu["postgresql"] = tree_cpu_seconds(postmaster) - database
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


async def cpu_only(dsn: str, events: Sequence[Received], batch: int) -> None:
    used: dict[str, float] = {"after each batch": 0.0}
    subscriptions = Subscriptions()
    subscriptions._handlers = kpi.subscriptions._handlers
    for hook in kpi.subscriptions.batch_hooks:
        subscriptions.after_each_batch(_timing(hook, used))
    rate = await timed(dsn, events, subscriptions, batch, cpu=used)
    per = {name: seconds * 10_000 / len(events) for name, seconds in used.items()}
    print(
        f"  the KPI consumer as it is: {rate:8,.0f} events/s; core-s per 10k events: "
        f"kpi {per['kpi']:.2f} (its after-batch hooks {per['after each batch']:.2f}), "
        f"postgresql {per['postgresql']:.2f}"
    )


def _timing(hook: BatchHook, used: dict[str, float]) -> BatchHook:
    """The hook, adding the CPU seconds of this process while it runs (it is the only task) to used."""

    async def timed_hook(uow: UnitOfWork, applied: list[EventContext]) -> None:
        started = time.process_time()
        try:
            await hook(uow, applied)
        finally:
            used["after each batch"] += time.process_time() - started

    return timed_hook


async def main(dsn: str, count: int, batch: int, cpu: bool) -> None:
    events = received(count)
    print(f"{count:,} events, batches of {batch}")
    if cpu:
        await cpu_only(dsn, events, batch)
        await profiled(dsn, events, batch)
        return
    hollow = await timed(dsn, events, without_effects(kpi.subscriptions), batch)
    print(f"  inbox + savepoint + decode only (no-op handlers): {hollow:8,.0f} events/s")
    floor = await plain_inserts(dsn, events, batch)
    print(f"  one plain INSERT per event, nothing else:         {floor:8,.0f} events/s")
    cached = await timed(dsn, events, kpi.subscriptions, batch, cache=4096)
    print(f"  as it is, prepared_statement_cache_size=4096:     {cached:8,.0f} events/s")
    sketch = await batched(dsn, events, batch)
    same = await same_read_model(dsn, "bench_profile", "bench_profile_batched")
    print(f"  batched sketch (bench/batched_prototype.py):      {sketch:8,.0f} events/s, same read model: {same}")
    await profiled(dsn, events, batch)


async def profiled(dsn: str, events: Sequence[Received], batch: int) -> None:
    profile = cProfile.Profile()
    profile.enable()
    real = await timed(dsn, events, kpi.subscriptions, batch)
    profile.disable()
    print(f"  the KPI consumer as it is (profiled):             {real:8,.0f} events/s")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("tottime").print_stats(25)
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats("services/kpi", 25)
    print(out.getvalue())


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--dsn", required=True, help="postgresql+asyncpg://postgres@127.0.0.1:25532/postgres")
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--cpu", action="store_true", help="only the consumer as it is: its CPU, then its profile")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.dsn, arguments.events, arguments.batch, arguments.cpu))
