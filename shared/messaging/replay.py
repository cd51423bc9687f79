"""Rebuilding a service's projections from the beginning of the topics it follows.

The projections and the consumer's inbox are emptied in one transaction, then every subscribed topic is read from
its beginning through the live consumer's own `apply_batch`, until the subscription reaches the ends the topics had
when the replay started; offsets are committed as it goes, like the live consumer's. The caller makes sure no live
consumer of the same group runs meanwhile (`Transport.group_members`).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from shared.events.topology import topic_partitions
from shared.messaging.consumer import EventConsumer
from shared.messaging.transport import Subscription, Transport
from shared.observability import metrics


class NothingToReplay(RuntimeError):
    """The topics hold no events: emptying the projections would only lose them (a wrong URL, most likely)."""


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
    """Where the replay stopped: `topic/partition` → the next offset to read."""

    @property
    def events_per_second(self) -> float:
        return self.events_read / self.seconds if self.seconds > 0 else 0.0


async def replay(
    consumer: EventConsumer,
    transport: Transport,
    empty_projections: Callable[[], Awaitable[None]],
    *,
    group: str,
    progress: bool = True,
    allow_empty: bool = True,
    stall_seconds: float = 60.0,
) -> ReplayReport:
    """Replays every topic the consumer follows into its (emptied) projections, reading as `group`."""
    await transport.ensure_topics(topic_partitions())
    topics = consumer.subscriptions.topics
    subscription = await transport.subscribe(group, topics, from_beginning=True)
    try:
        ends = await subscription.end_offsets()
        events = await subscription.lag()
        if events == 0 and not allow_empty:
            raise NothingToReplay(f"the topics {', '.join(topics)} hold no events")
        await empty_projections()
        started = time.perf_counter()
        read, applied = await _catch_up(consumer, subscription, ends, events, progress, stall_seconds, group)
        seconds = time.perf_counter() - started
        positions = await subscription.positions()
    finally:
        await subscription.close()
    return ReplayReport(read, applied, events, seconds, group, positions)


async def _reached(subscription: Subscription, ends: dict[str, int]) -> bool:
    positions = await subscription.positions()
    return all(positions.get(partition, 0) >= end for partition, end in ends.items())


async def _catch_up(
    consumer: EventConsumer,
    subscription: Subscription,
    ends: dict[str, int],
    events: int,
    progress: bool,
    stall_seconds: float,
    group: str,
) -> tuple[int, int]:
    read = applied = 0
    metrics.replay_events_expected.labels(consumer.service, group).set(events)
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
        task = bar.add_task("replay", total=events, rate="-")
        while not await _reached(subscription, ends):
            batch = await subscription.fetch(consumer.batch_size, 0.5)
            if not batch:
                if time.perf_counter() - last_progress > stall_seconds:
                    raise ReplayStalled(f"no events for {stall_seconds:.0f}s, at {await subscription.positions()}")
                continue
            applied += await consumer.apply_batch(batch)
            await subscription.commit(batch)
            read += len(batch)
            read_gauge.set(read)
            last_progress = time.perf_counter()
            bar.update(task, advance=len(batch), rate=f"{read / max(last_progress - started, 1e-9):,.0f}")
    return read, applied
