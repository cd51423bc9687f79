"""`python -m services replay NAME`: rebuild a service's projections from the beginning of its topics.

**Stop the live service first**, or rebuild into a fresh database with a group of the replay's own: the replay
reads as the service's consumer group by default, and a live consumer in that group would take partitions from it
and keep writing to the tables being rebuilt (against Kafka the replay refuses while the group has live members;
`--force` overrides). To put a rebuilt database into service, stop the service and replay into that database with
the default group, so its offsets and its inbox agree.

    python -m services replay kpi                                         # Kafka: CONTINUUM_KAFKA_BOOTSTRAP_SERVERS
    python -m services replay kpi --events-url sqlite+aiosqlite:///data/events.sqlite   # embedded (`make run`)
"""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

import sqlalchemy as sa
from prometheus_client import start_http_server
from rich.console import Console
from sqlalchemy.ext.asyncio import AsyncEngine

from shared.db import create_engine
from shared.messaging.consumer import EventConsumer
from shared.messaging.kafka import KafkaTransport
from shared.messaging.local import LocalLogTransport
from shared.messaging.replay import NothingToReplay, ReplayReport, replay
from shared.messaging.transport import Transport
from shared.runtime.migrations import upgrade_to_head
from shared.runtime.service import Service
from shared.runtime.unit_of_work import UnitOfWork
from shared.settings import PlatformSettings


async def empty_projections(engine: AsyncEngine, service: Service) -> None:
    """The projections, the consumer's inbox and its dead letters go together, or not at all."""
    tables = service.tables
    async with engine.begin() as connection:
        for table in service.projections:
            await connection.execute(sa.delete(table))
        await connection.execute(sa.delete(tables.inbox).where(tables.inbox.c.consumer == service.name))
        await connection.execute(sa.delete(tables.dead_letters).where(tables.dead_letters.c.consumer == service.name))


async def replay_into(
    engine: AsyncEngine,
    service: Service,
    transport: Transport,
    *,
    group: str | None = None,
    progress: bool = True,
    batch_size: int = 1000,
    allow_empty: bool = True,
    stall_seconds: float = 60.0,
) -> ReplayReport:
    """Rebuilds the service's projections in the database behind `engine`; the transport must be started."""
    consumer = EventConsumer(
        service.name,
        engine,
        service.tables,
        transport,
        service.subscriptions,
        lambda session: UnitOfWork(session, service.tables, producer=None),
        batch_size=batch_size,
    )

    async def empty() -> None:
        await empty_projections(engine, service)

    return await replay(
        consumer,
        transport,
        empty,
        group=group or service.name,
        progress=progress,
        allow_empty=allow_empty,
        stall_seconds=stall_seconds,
    )


def replay_service(service: Service, args: argparse.Namespace) -> int:
    """The command: checks what can be checked before touching anything, then replays."""
    console = Console()
    if args.metrics_port:
        start_http_server(args.metrics_port)
    if args.events_url:
        log_file = sa.make_url(args.events_url).database
        if log_file and log_file != ":memory:" and not Path(log_file).exists():
            # Opening it would create an empty log, and replaying that would only empty the projections.
            console.print(f"[red]there is no event log at {log_file}[/red]")
            return 2
    return asyncio.run(_replay_service(service, args, console))


async def _replay_service(service: Service, args: argparse.Namespace, console: Console) -> int:
    if not service.projections:
        console.print(f"[red]the {service.name} service keeps no projections to replay[/red]")
        return 2
    embedded_url = f"sqlite+aiosqlite:///data/{service.name}.sqlite"
    database_url = args.database_url or service.settings().database_url or (embedded_url if args.events_url else None)
    if database_url is None:
        console.print(f"[red]set CONTINUUM_{service.name.upper()}_DATABASE_URL or pass --database-url[/red]")
        return 2
    group = args.group or service.name
    transport: Transport
    if args.events_url:
        transport, source = LocalLogTransport(args.events_url), args.events_url
    else:
        bootstrap = PlatformSettings().kafka_bootstrap_servers
        transport, source = KafkaTransport(bootstrap, client_id=f"{service.name}-replay"), f"Kafka at {bootstrap}"
    console.print(f"Replaying {source} into {sa.make_url(database_url).render_as_string()} as group {group!r}")
    engine = create_engine(database_url)
    await transport.start()
    try:
        if (members := await transport.group_members(group)) and not args.force:
            console.print(
                f"[red]the consumer group {group!r} has {members} live member(s): stop the {service.name} service "
                "first, or replay into a fresh database with --group of its own (--force to replay anyway)[/red]"
            )
            return 3
        await upgrade_to_head(service, engine)
        report = await replay_into(
            engine,
            service,
            transport,
            group=group,
            progress=not args.no_progress,
            batch_size=args.batch_size,
            allow_empty=args.allow_empty,
        )
    except NothingToReplay as nothing:
        console.print(f"[red]{nothing}: the projections were left as they were (--allow-empty to empty them)[/red]")
        return 4
    finally:
        await transport.stop()
        await engine.dispose()
    console.print(
        f"Replayed {report.events_read:,} events ({report.events_applied:,} took effect) in {report.seconds:.1f}s: "
        f"[bold]{report.events_per_second:,.0f} events/s[/bold]; offsets committed for group {report.group!r}."
    )
    return 0
