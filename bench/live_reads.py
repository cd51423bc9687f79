"""KPI figures asked while events flow (issue 12: "with events being applied at a steady rate during the reads").

Readers (BENCH_LIVE_READERS, default 50) each ask one figure, wait BENCH_LIVE_PAUSE seconds (default 1, a person
looking at a dashboard) and ask the next, cycling through distinct continuity and monthly-monitoring queries, while
a producer sends a further council's history to the topics at BENCH_LIVE_EVENTS_PER_SECOND (default 200). Those
events are dated across the past ten years, so they move months the figures read and empty their cached answers:
a harder case than a live council's events, which are dated today.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
from aiokafka import AIOKafkaProducer
from prometheus_client.parser import text_string_to_metric_families

from shared.events.base import Event
from shared.events.envelope import envelope_for

SOURCE = "/continuum/allocation"


@dataclass
class LiveReads:
    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    produced: int = 0
    applied: int = 0
    seconds: float = 0.0


def settings() -> tuple[int, float, float, float]:
    """(readers, pause, events per second, seconds)."""
    return (
        int(os.environ.get("BENCH_LIVE_READERS", 50)),
        float(os.environ.get("BENCH_LIVE_PAUSE", 1.0)),
        float(os.environ.get("BENCH_LIVE_EVENTS_PER_SECOND", 200)),
        float(os.environ.get("BENCH_LIVE_SECONDS", 60)),
    )


async def reads_while_events_flow(
    url: str,
    token: str,
    bootstrap: str,
    queries: list[tuple[str, str, dict[str, str]]],
    events: Iterator[Event],
) -> LiveReads:
    """queries: (name, path, parameters), handed out round-robin across the readers."""
    readers, pause, rate, seconds = settings()
    found = LiveReads(latencies={name: [] for name, _, _ in queries})
    before = await applied(url)
    stop = asyncio.Event()
    began = time.perf_counter()
    producing = asyncio.create_task(_steadily(bootstrap, events, rate, stop, found))
    shared = itertools.cycle(queries)
    headers = {"Authorization": f"Bearer {token}"}
    # Idle connections are let go before the server's own 5 s keep-alive ends, so none is reused as it closes.
    limits = httpx.Limits(max_connections=readers, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=url, timeout=120.0, headers=headers, limits=limits) as client:

        async def reader(index: int) -> None:
            await asyncio.sleep(pause * index / readers)  # readers arrive spread over one pause, not at once
            while time.perf_counter() - began < seconds:
                name, path, parameters = next(shared)
                started = time.perf_counter()
                answer = await client.get(f"{path}?{urlencode(parameters)}")
                if answer.status_code == 200:
                    found.latencies[name].append(time.perf_counter() - started)
                elif len(found.errors) < 5:
                    found.errors.append(f"{answer.status_code} {path}: {answer.text[:200]}")
                await asyncio.sleep(pause)

        await asyncio.gather(*(reader(n) for n in range(readers)))
    stop.set()
    await producing
    found.seconds = time.perf_counter() - began
    found.applied = int(await applied(url) - before)
    return found


async def applied(url: str) -> float:
    """The KPI consumer's events applied so far (its /metrics)."""
    async with httpx.AsyncClient(base_url=url, timeout=10.0) as client:
        text = (await client.get("/metrics")).text
    return sum(
        sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        if sample.name == "continuum_events_applied_total"
    )


async def _steadily(
    bootstrap: str, events: Iterator[Event], rate: float, stop: asyncio.Event, found: LiveReads
) -> None:
    """Sends the events at `rate` per second, a tenth of a second's worth at a time, until stopped."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, client_id="bench-live", acks="all", linger_ms=5)
    await producer.start()
    try:
        tick, began = 0, time.perf_counter()
        while not stop.is_set():
            tick += 1
            due = int(rate * tick / 10) - found.produced
            sending = []
            for event in itertools.islice(events, max(0, due)):
                envelope = envelope_for(event, source=SOURCE, correlation_id=None)
                sending.append(
                    await producer.send(
                        event.topic, envelope.data, key=event.key.encode(), headers=envelope.to_headers()
                    )
                )
            await asyncio.gather(*sending)
            found.produced += len(sending)
            await asyncio.sleep(max(0.0, began + tick / 10 - time.perf_counter()))
    finally:
        await producer.stop()
