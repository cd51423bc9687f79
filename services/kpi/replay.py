"""Rebuilding the KPI read model from the beginning of the topics: `python -m services.kpi.replay`.

Empties the read model and the KPI consumer's inbox in one transaction, then reads every subscribed topic from
its beginning through the live consumer's own `apply_batch`, until it has caught up with the end of each topic as
it was when the replay started; offsets are committed as it goes, like the live consumer's.

**Stop the live KPI service first.** The replay reads as the service's consumer group (`kpi`): a live consumer
in that group would take partitions from it and keep writing to tables being rebuilt. Alternatively, rebuild into
a fresh database while the live service carries on — `CONTINUUM_KPI_DATABASE_URL` pointing elsewhere and
`--group` naming a group of the replay's own, so the live consumer's offsets are left alone — e.g. to check that
a rebuild ends with the live figures. To put a rebuilt database into service, stop the service and replay into
that database with the default group, so its offsets and its inbox agree.

    python -m services.kpi.replay                                         # Kafka: CONTINUUM_KAFKA_BOOTSTRAP_SERVERS
    python -m services.kpi.replay --events-url sqlite+aiosqlite:///data/events.sqlite   # embedded (`make run`)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient
from prometheus_client import start_http_server
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from sqlalchemy.ext.asyncio import AsyncEngine

from services.kpi.models import READ_MODEL
from services.kpi.service import service as kpi_service
from services.kpi.settings import KpiSettings
from shared.db import create_engine
from shared.events.topology import topic_partitions
from shared.messaging.consumer import EventConsumer
from shared.messaging.kafka import KafkaSubscription, KafkaTransport
from shared.messaging.local import LocalLogTransport, LocalSubscription, _log
from shared.messaging.transport import Subscription, Transport
from shared.observability import metrics
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.runner import ServiceRuntime
from shared.runtime.service import Service
from shared.settings import PlatformSettings

EMBEDDED_DATABASE_URL = "sqlite+aiosqlite:///data/kpi.sqlite"


class NothingToReplay(RuntimeError):
    """The topics hold no events: emptying the read model would only lose it (a wrong URL, most likely)."""


class ReplayStalled(RuntimeError):
    """The topics stopped yielding events before the replay reached the end offsets it started with."""


@dataclass(frozen=True)
class ReplayReport:
    events_read: int
    events_applied: int
    """Events that took effect: duplicates (stopped by the inbox) and events of no interest do not count."""
    events_at_start: int
    """How many events the topics held when the replay began: the progress bar's total."""
    seconds: float
    group: str
    end_offsets: dict[str, int] = field(default_factory=dict)
    """Where the replay stopped: `topic` (embedded log) or `topic/partition` (Kafka) → last offset read + 1."""

    @property
    def events_per_second(self) -> float:
        return self.events_read / self.seconds if self.seconds > 0 else 0.0


class _TopicEnds(Protocol):
    """The end of every subscribed topic when the replay began, and whether the subscription has reached it."""

    events: int

    async def reached(self) -> bool: ...

    def positions(self) -> dict[str, int]: ...


class _LocalLogEnds:
    def __init__(self, subscription: LocalSubscription, last_offsets: dict[str, int], events: int) -> None:
        self.subscription = subscription
        self.last_offsets = last_offsets
        self.events = events

    @classmethod
    async def measure(cls, subscription: LocalSubscription) -> _LocalLogEnds:
        query = (
            sa.select(_log.c.topic, sa.func.max(_log.c.offset), sa.func.count())
            .where(_log.c.topic.in_(subscription.topics))
            .group_by(_log.c.topic)
        )
        async with subscription.transport.engine.connect() as connection:
            rows = (await connection.execute(query)).all()
        return cls(subscription, {topic: int(last) for topic, last, _ in rows}, sum(int(n) for _, _, n in rows))

    async def reached(self) -> bool:
        return all(self.subscription.position.get(topic, 0) >= last for topic, last in self.last_offsets.items())

    def positions(self) -> dict[str, int]:
        return {topic: self.subscription.position.get(topic, 0) + 1 for topic in self.last_offsets}


class _KafkaEnds:
    def __init__(self, subscription: KafkaSubscription, ends: dict[TopicPartition, int], events: int) -> None:
        self.consumer = subscription.consumer
        self.ends = ends
        self.events = events
        self._positions: dict[TopicPartition, int] = {}

    @classmethod
    async def measure(cls, subscription: KafkaSubscription) -> _KafkaEnds:
        partitions = sorted(subscription.consumer.assignment())
        ends = await subscription.consumer.end_offsets(partitions)
        beginnings = await subscription.consumer.beginning_offsets(partitions)
        return cls(subscription, dict(ends), sum(ends[p] - beginnings[p] for p in partitions))

    async def reached(self) -> bool:
        for partition in self.ends:
            self._positions[partition] = await self.consumer.position(partition)
        return all(self._positions[partition] >= end for partition, end in self.ends.items())

    def positions(self) -> dict[str, int]:
        return {f"{p.topic}/{p.partition}": offset for p, offset in sorted(self._positions.items())}


async def _topic_ends(subscription: Subscription) -> _TopicEnds:
    if isinstance(subscription, LocalSubscription):
        return await _LocalLogEnds.measure(subscription)
    if isinstance(subscription, KafkaSubscription):
        return await _KafkaEnds.measure(subscription)
    raise TypeError(f"cannot tell where the topics end for a {type(subscription).__name__}")


async def empty_read_model(engine: AsyncEngine, service: Service = kpi_service) -> None:
    """The read model, its freshness, the consumer's inbox and dead letters go together, or not at all."""
    tables = service.tables
    async with engine.begin() as connection:
        for model in READ_MODEL:
            await connection.execute(sa.delete(model.__table__))  # type: ignore[arg-type]
        await connection.execute(sa.delete(tables.inbox).where(tables.inbox.c.consumer == service.name))
        await connection.execute(sa.delete(tables.dead_letters).where(tables.dead_letters.c.consumer == service.name))


async def replay(
    runtime_or_engine: ServiceRuntime | AsyncEngine,
    transport: Transport,
    *,
    progress: bool = True,
    group: str | None = None,
    batch_size: int = 1000,
    allow_empty: bool = True,
    stall_seconds: float = 60.0,
) -> ReplayReport:
    """Rebuilds the KPI read model in the given database from the beginning of every subscribed topic.

    The transport must be started. `group` defaults to the service's own consumer group, whose offsets the
    replay commits; name another to rebuild a fresh database while the live service keeps its offsets.
    """
    if isinstance(runtime_or_engine, ServiceRuntime):
        engine, service = runtime_or_engine.engine, runtime_or_engine.service
    else:
        engine, service = runtime_or_engine, kpi_service
    group = group or service.name
    consumer = EventConsumer(
        service.name, engine, service.tables, transport, service.subscriptions, batch_size=batch_size
    )
    await transport.ensure_topics(topic_partitions())
    subscription = await transport.subscribe(group, service.subscriptions.topics, from_beginning=True)
    try:
        ends = await _topic_ends(subscription)
        if ends.events == 0 and not allow_empty:
            raise NothingToReplay(f"the topics {', '.join(service.subscriptions.topics)} hold no events")
        await empty_read_model(engine, service)
        started = time.perf_counter()
        read, applied = await _catch_up(consumer, subscription, ends, progress, stall_seconds, group)
        seconds = time.perf_counter() - started
    finally:
        await subscription.close()
    return ReplayReport(read, applied, ends.events, seconds, group, ends.positions())


async def _catch_up(
    consumer: EventConsumer,
    subscription: Subscription,
    ends: _TopicEnds,
    progress: bool,
    stall_seconds: float,
    group: str,
) -> tuple[int, int]:
    read = applied = 0
    metrics.replay_events_expected.labels(consumer.service, group).set(ends.events)
    read_gauge = metrics.replay_events_read.labels(consumer.service, group)
    read_gauge.set(0)
    columns = (
        TextColumn("[bold]replaying[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} events/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    started = last_progress = time.perf_counter()
    with Progress(*columns, disable=not progress, console=Console(stderr=True)) as bar:
        task = bar.add_task("replay", total=ends.events, rate="-")
        while not await ends.reached():
            batch = await subscription.fetch(consumer.batch_size, 0.5)
            if not batch:
                if time.perf_counter() - last_progress > stall_seconds:
                    raise ReplayStalled(f"no events for {stall_seconds:.0f}s, at {ends.positions()}")
                continue
            applied += await consumer.apply_batch(batch)
            await subscription.commit(batch)
            read += len(batch)
            read_gauge.set(read)
            last_progress = time.perf_counter()
            bar.update(task, advance=len(batch), rate=f"{read / max(last_progress - started, 1e-9):,.0f}")
    return read, applied


async def _live_members(bootstrap_servers: str, group: str) -> int:
    """How many consumers are in the group now (a running KPI service is one); 0 when it cannot tell."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, client_id="kpi-replay-admin")
    await admin.start()
    try:
        responses = await admin.describe_consumer_groups([group])
        return sum(len(described[5]) for response in responses for described in response.groups)
    except Exception:  # noqa: BLE001 - a broker that will not say is not a reason to refuse
        return 0
    finally:
        await admin.close()


async def _run(args: argparse.Namespace, console: Console) -> int:
    database_url = args.database_url or KpiSettings().database_url
    if database_url is None and args.events_url:
        database_url = EMBEDDED_DATABASE_URL
    if database_url is None:
        console.print("[red]set CONTINUUM_KPI_DATABASE_URL or pass --database-url[/red]")
        return 2
    group = args.group or kpi_service.name
    transport: Transport
    if args.events_url:
        transport, source = LocalLogTransport(args.events_url), args.events_url
    else:
        bootstrap = PlatformSettings().kafka_bootstrap_servers
        transport, source = KafkaTransport(bootstrap, client_id="kpi-replay"), f"Kafka at {bootstrap}"
        if (members := await _live_members(bootstrap, group)) and not args.force:
            console.print(
                f"[red]the consumer group {group!r} has {members} live member(s): stop the KPI service first, or "
                "replay into a fresh database with --group of its own (--force to replay anyway)[/red]"
            )
            return 3
    console.print(f"Replaying {source} into {sa.make_url(database_url).render_as_string()} as group {group!r}")
    engine = create_engine(database_url)
    await transport.start()
    try:
        await upgrade_to_head(kpi_service, engine)
        report = await replay(
            engine,
            transport,
            progress=not args.no_progress,
            group=group,
            batch_size=args.batch_size,
            allow_empty=args.allow_empty,
        )
    except NothingToReplay as nothing:
        console.print(f"[red]{nothing}: the read model was left as it was (--allow-empty to empty it)[/red]")
        return 4
    finally:
        await transport.stop()
        await engine.dispose()
    console.print(
        f"Replayed {report.events_read:,} events ({report.events_applied:,} took effect) in {report.seconds:.1f}s: "
        f"[bold]{report.events_per_second:,.0f} events/s[/bold]; offsets committed for group {report.group!r}."
    )
    return 0


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m services.kpi.replay",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--events-url", help="the embedded event log, e.g. sqlite+aiosqlite:///data/events.sqlite")
    parser.add_argument(
        "--database-url",
        help=f"the KPI database (default CONTINUUM_KPI_DATABASE_URL; with --events-url, {EMBEDDED_DATABASE_URL})",
    )
    parser.add_argument("--group", help="the consumer group to read as and commit for (default: kpi)")
    parser.add_argument("--batch-size", type=int, default=1000, help="events per transaction (default 1000)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--allow-empty", action="store_true", help="empty the read model even if there are no events")
    parser.add_argument("--force", action="store_true", help="replay even while the group has live members")
    parser.add_argument("--metrics-port", type=int, help="serve Prometheus metrics (replay progress) on this port")
    args = parser.parse_args(argv)
    if args.metrics_port:
        start_http_server(args.metrics_port)
    console = Console()
    log_file = sa.make_url(args.events_url).database if args.events_url else None
    if log_file and log_file != ":memory:" and not Path(log_file).exists():
        # Opening it would create an empty log, and replaying that would only empty the read model.
        console.print(f"[red]there is no event log at {log_file}[/red]")
        sys.exit(2)
    sys.exit(asyncio.run(_run(args, console)))


if __name__ == "__main__":
    main()
